using Sluice.Domain.Items;
using static Sluice.Domain.Tests.Items.ItemSpecs;

namespace Sluice.Domain.Tests.Items;

public sealed class LibraryToolSpecs
{
    [Fact]
    public void A_relocated_item_has_its_new_paths_and_copies_in_the_snapshot()
    {
        var copy = Copy(Artifact.Source) with { RemotePath = "vault:Premiered/F/a.mkv" };

        var moved = Run(
            Notified(),
            new Relocate("Premiered/F/a.mkv", "Encoded/Premiered/F/a.mp4", [copy], "ctl", 3)
        );

        moved.LibraryPath.ShouldBe("Premiered/F/a.mkv");
        moved.Output!.LibraryPath.ShouldBe("Encoded/Premiered/F/a.mp4");
        moved.Copies.ShouldBe([copy]);
        moved.State.ShouldBe(ItemState.Notified);
    }

    [Fact]
    public void Library_tools_refuse_an_item_still_in_the_pipeline_or_a_move_to_where_it_is()
    {
        var notified = Notified();

        ItemMachine
            .Decide(Tiered(), new Relocate("Premiered/a.mkv", null, [], "ctl", 1))
            .Rejection.ShouldNotBeNull()
            .ShouldContain("still in the pipeline");
        ItemMachine
            .Decide(Failed(), new Remove("ctl", 1))
            .Rejection.ShouldNotBeNull()
            .ShouldContain("still in the pipeline");
        ItemMachine
            .Decide(
                notified,
                new Relocate(
                    notified.LibraryPath!,
                    notified.Output!.LibraryPath,
                    notified.Copies,
                    "ctl",
                    1
                )
            )
            .Rejection.ShouldNotBeNull()
            .ShouldContain("already at");
        ItemMachine
            .Decide(notified, new Relocate("Premiered/a.mkv", null, [], "ctl", 1))
            .Rejection.ShouldNotBeNull()
            .ShouldContain("has an encoded output");
    }

    [Fact]
    public void A_removed_item_ends_without_files_and_frees_its_name()
    {
        var removed = Run(Notified(), new Remove("ctl", 4));

        removed.Removed.ShouldBeTrue();
        removed.State.ShouldBe(ItemState.Cancelled);
        removed.LibraryPath.ShouldBeNull();
        removed.Copies.ShouldBeEmpty();
        removed.Output.ShouldBeNull();
        ItemMachine
            .Decide(removed, new Remove("ctl", 5))
            .Rejection.ShouldNotBeNull()
            .ShouldContain("was removed");
    }
}
