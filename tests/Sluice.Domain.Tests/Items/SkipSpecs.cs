using Sluice.Domain.Items;
using static Sluice.Domain.Tests.Items.ItemSpecs;

namespace Sluice.Domain.Tests.Items;

public sealed class SkipSpecs
{
    [Fact]
    public void A_failed_encode_can_be_skipped_so_the_item_is_announced_next()
    {
        var failed = Run(
            Tiered(),
            new FailStep(Step.Encode, 3, 3, "unreadable", Permanent: false, Now)
        );

        var skipped = Run(failed, new SkipTo(Step.Notify, "ctl"));

        skipped.State.ShouldBe(ItemState.Encoded);
        skipped.Failure.ShouldBeNull();
        skipped.EncodeSkipped.ShouldBe("skipped by ctl");
        Pipeline.NextStep(skipped).ShouldBe(Step.Notify);
        var e = ItemMachine
            .Decide(failed, new SkipTo(Step.Notify, "ctl"))
            .Events.ShouldHaveSingleItem()
            .ShouldBeOfType<Skipped>();
        e.Steps.ShouldBe([Step.Encode, Step.VaultEncoded, Step.Distribute]);
    }

    [Fact]
    public void An_item_in_flight_can_skip_ahead_to_any_later_stage()
    {
        Pipeline.NextStep(Run(Sanitized(), new SkipTo(Step.Tier, "api"))).ShouldBe(Step.Tier);
        Pipeline.NextStep(Run(Sanitized(), new SkipTo(Step.Encode, "api"))).ShouldBe(Step.Encode);
        Pipeline.NextStep(Run(Vaulted(), new SkipTo(Step.Notify, "api"))).ShouldBe(Step.Notify);
        Run(Vaulted(), new SkipTo(Step.Encode, "api")).State.ShouldBe(ItemState.Tiered);
    }

    [Fact]
    public void Skipping_distribution_drops_the_replicas_it_owed()
    {
        var withReplica = Run(
            Sanitized(),
            new CompleteVault(Artifact.Source, [Copy(Artifact.Source)], ["backup"])
        );
        var encoded = Run(
            Run(Run(withReplica, new CompleteTier(1, 0, 0)), new SkipEncode("fine")),
            new SkipTo(Step.Notify, "ctl")
        );

        encoded.Replicas.ShouldBeEmpty();
        Pipeline.NextStep(encoded).ShouldBe(Step.Notify);
        Pipeline
            .NextStep(Run(withReplica, new SkipTo(Step.Distribute, "ctl")))
            .ShouldBe(Step.Distribute);
    }

    [Fact]
    public void Skipping_backwards_past_sanitize_or_when_done_is_refused_with_the_reason()
    {
        ItemMachine
            .Decide(Tiered(), new SkipTo(Step.Tier, "api"))
            .Rejection.ShouldNotBeNull()
            .ShouldContain("only goes forward");
        ItemMachine
            .Decide(Tiered(), new SkipTo(Step.Encode, "api"))
            .Rejection.ShouldNotBeNull()
            .ShouldContain("only goes forward", customMessage: "encode is already next");
        ItemMachine
            .Decide(Incoming(), new SkipTo(Step.Notify, "api"))
            .Rejection.ShouldNotBeNull()
            .ShouldContain("never sorted");
        ItemMachine
            .Decide(Notified(), new SkipTo(Step.Notify, "api"))
            .Rejection.ShouldNotBeNull()
            .ShouldContain("nothing left to skip");
        ItemMachine
            .Decide(Sanitized(), new SkipTo(Step.VaultEncoded, "api"))
            .Rejection.ShouldNotBeNull()
            .ShouldContain("can skip to tier, encode, distribute, notify");
        ItemMachine
            .Decide(Vaulted(), new SkipTo(Step.Distribute, "api"))
            .Rejection.ShouldNotBeNull()
            .ShouldContain("no replicas");
    }

    [Fact]
    public void A_skip_survives_a_replay_of_the_journal()
    {
        var events = new List<ItemEvent>();
        Item? item = null;
        foreach (
            var command in new ItemCommand[]
            {
                new Discover(Id, "a.mkv", "/in/a.mkv", 10, "sha256:aa"),
                new CompleteSanitize("Shows/a.mkv", Episode),
                new SkipTo(Step.Notify, "ctl"),
            }
        )
        {
            var decided = ItemMachine.Decide(item, command).EventsOrThrow();
            events.AddRange(decided);
            item = decided.Aggregate(item, (i, e) => ItemMachine.Apply(i, e, Id));
        }

        var replayed = ItemMachine.Replay(
            Id,
            events.Select(e => ItemJson.DeserializeEvent(ItemJson.Serialize(e)))
        );
        ItemJson.Serialize(replayed).ShouldBe(ItemJson.Serialize(item!));
        replayed.EncodeSkipped.ShouldBe("skipped by ctl");
    }
}
