using System.Collections.Immutable;
using Sluice.Domain.Items;

namespace Sluice.Domain.Tests.Items;

public sealed class SubmissionSpecs
{
    private const string Path = "Shows/Frieren/Season 01/Frieren - S01E07.mkv";

    private static Submit VaultOnly(Step entry, ImmutableArray<string> replicas = default) =>
        new(
            ItemSpecs.Id,
            "Frieren - S01E07.mkv",
            "vault:" + Path,
            5,
            "vault:vault:" + Path,
            entry,
            null,
            Path,
            ItemSpecs.Episode,
            [ItemSpecs.Copy(Artifact.Source)],
            replicas.IsDefault ? [] : replicas,
            "api"
        );

    private static Submit Local(Step entry, string? libraryPath) =>
        new(
            ItemSpecs.Id,
            "a.mkv",
            libraryPath is null ? "/data/incoming/a.mkv" : "/data/library/" + libraryPath,
            5,
            "sha256:a",
            entry,
            "home",
            libraryPath,
            libraryPath is null ? null : ItemSpecs.Episode,
            [],
            [],
            "api"
        );

    [Fact]
    public void A_file_only_in_the_vault_submitted_at_encode_rests_tiered_with_its_source_held_like_an_evicted_one()
    {
        var item = ItemSpecs.Run(null, VaultOnly(Step.Encode));

        item.State.ShouldBe(ItemState.Tiered);
        Pipeline.NextStep(item).ShouldBe(Step.Encode);
        item.Holder.ShouldBeNull();
        item.Evicted.ShouldBe([Artifact.Source]);
        item.Copies.ShouldHaveSingleItem().Destination.ShouldBe("vault");
        item.LibraryPath.ShouldBe(Path);
        // No node holds it, so any encode node may run the step and fetches the copy.
        Placement.RequiredNode(item, Step.Encode, (_, _) => true).ShouldBeNull();
    }

    [Fact]
    public void A_file_only_in_the_vault_goes_on_to_distribute_or_notify_when_submitted_there()
    {
        Pipeline
            .NextStep(ItemSpecs.Run(null, VaultOnly(Step.Distribute, ["backup"])))
            .ShouldBe(Step.Distribute);
        var announced = ItemSpecs.Run(null, VaultOnly(Step.Notify));
        Pipeline.NextStep(announced).ShouldBe(Step.Notify);
        announced.EncodeSkipped.ShouldBe("submitted at notify");
    }

    [Theory]
    [InlineData(Step.Sanitize)]
    [InlineData(Step.Vault)]
    public void A_file_only_in_the_vault_cannot_enter_at_a_step_that_needs_it_on_disk(Step entry)
    {
        ItemMachine
            .Decide(null, VaultOnly(entry))
            .Rejection.ShouldNotBeNull()
            .ShouldContain("needs the file on a node's disk");
    }

    [Fact]
    public void Distribute_without_replicas_and_tier_as_an_entry_are_refused_with_a_reason()
    {
        ItemMachine
            .Decide(null, VaultOnly(Step.Distribute))
            .Rejection.ShouldNotBeNull()
            .ShouldContain("replica");
        ItemMachine
            .Decide(null, VaultOnly(Step.Tier))
            .Rejection.ShouldNotBeNull()
            .ShouldContain("sanitize, vault, encode, distribute, notify");
    }

    [Fact]
    public void A_library_file_enters_at_vault_held_by_its_node_and_a_file_in_incoming_at_sanitize()
    {
        var library = ItemSpecs.Run(null, Local(Step.Vault, Path));
        library.State.ShouldBe(ItemState.Sanitized);
        library.Holder.ShouldBe("home");
        library.Evicted.ShouldBeEmpty();

        var incoming = ItemSpecs.Run(null, Local(Step.Sanitize, null));
        incoming.State.ShouldBe(ItemState.Incoming);
        incoming.IncomingPath.ShouldBe("/data/incoming/a.mkv");
    }

    [Fact]
    public void A_library_file_cannot_be_sorted_again_nor_distributed_before_it_is_vaulted()
    {
        ItemMachine
            .Decide(null, Local(Step.Sanitize, Path))
            .Rejection.ShouldNotBeNull()
            .ShouldContain("already in the library");
        ItemMachine
            .Decide(null, Local(Step.Distribute, Path))
            .Rejection.ShouldNotBeNull()
            .ShouldContain("enters at vault first");
    }

    [Fact]
    public void An_existing_item_cannot_be_submitted_again()
    {
        var item = ItemSpecs.Run(null, VaultOnly(Step.Encode));

        ItemMachine.Decide(item, VaultOnly(Step.Encode)).IsRejected.ShouldBeTrue();
        Should
            .Throw<InvalidTransitionException>(() =>
                ItemMachine.Apply(
                    item,
                    ItemMachine.Decide(null, VaultOnly(Step.Encode)).Events[0],
                    item.Id
                )
            )
            .Message.ShouldContain("discovered twice");
    }
}
