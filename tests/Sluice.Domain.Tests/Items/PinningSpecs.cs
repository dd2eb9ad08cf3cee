using Sluice.Domain.Items;
using static Sluice.Domain.Tests.Items.ItemSpecs;

namespace Sluice.Domain.Tests.Items;

public sealed class PinningSpecs
{
    [Fact]
    public void A_pinned_item_keeps_its_files_until_it_is_unpinned()
    {
        var pinned = Run(Notified(), new Pin("api"));

        pinned.Pinned.ShouldBeTrue();
        pinned.State.ShouldBe(ItemState.Notified);
        ItemMachine
            .Decide(pinned, new Evict(Artifact.Source, 1))
            .Rejection.ShouldNotBeNull()
            .ShouldContain("pinned");

        var unpinned = Run(pinned, new Unpin("api"));
        unpinned.Pinned.ShouldBeFalse();
        Run(unpinned, new Evict(Artifact.Source, 1)).Evicted.ShouldBe([Artifact.Source]);
    }

    [Fact]
    public void Pinning_twice_or_unpinning_an_unpinned_item_is_refused_not_ignored()
    {
        var pinned = Run(Notified(), new Pin("api"));

        ItemMachine
            .Decide(pinned, new Pin("api"))
            .Rejection.ShouldNotBeNull()
            .ShouldContain("already pinned");
        ItemMachine
            .Decide(Notified(), new Unpin("api"))
            .Rejection.ShouldNotBeNull()
            .ShouldContain("not pinned");
    }

    [Fact]
    public void An_item_in_the_pipeline_can_be_pinned_and_stays_where_it_was()
    {
        var item = Run(Vaulted(), new Pin("ctl"));

        item.Pinned.ShouldBeTrue();
        item.State.ShouldBe(ItemState.Vaulted);
        Pipeline.NextStep(item).ShouldBe(Pipeline.NextStep(Vaulted()));
    }
}
