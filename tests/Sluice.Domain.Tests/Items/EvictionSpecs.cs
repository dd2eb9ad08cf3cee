using Sluice.Domain.Items;
using static Sluice.Domain.Tests.Items.ItemSpecs;

namespace Sluice.Domain.Tests.Items;

public sealed class EvictionSpecs
{
    [Fact]
    public void A_finished_vaulted_file_can_be_evicted_once()
    {
        var item = Run(Notified(), new Evict(Artifact.Source, 10));

        item.Evicted.ShouldBe([Artifact.Source]);
        item.State.ShouldBe(ItemState.Notified);
        ItemMachine.Decide(item, new Evict(Artifact.Source, 10)).IsRejected.ShouldBeTrue();
    }

    [Fact]
    public void A_file_without_a_vault_copy_is_never_evicted()
    {
        var unvaulted = Run(Tiered(), new SkipEncode("nothing to do"));
        var notified = Run(Run(unvaulted, new CompleteNotify([])), new Evict(Artifact.Source, 1));
        notified.Evicted.ShouldBe([Artifact.Source]);

        var decision = ItemMachine.Decide(
            Run(unvaulted, new CompleteNotify([])),
            new Evict(Artifact.Encoded, 1)
        );

        decision.IsRejected.ShouldBeTrue();
        decision.Rejection.ShouldNotBeNull().ShouldContain("no vault copy");
    }

    [Fact]
    public void Files_of_an_item_still_in_the_pipeline_are_pinned()
    {
        foreach (var item in new[] { Vaulted(), Tiered(), Produced(), Encoded() })
        {
            ItemMachine
                .Decide(item, new Evict(Artifact.Source, 1))
                .IsRejected.ShouldBeTrue(item.State.ToString());
        }
    }

    [Fact]
    public void Whatever_the_order_of_commands_no_unvaulted_artifact_is_ever_evicted()
    {
        // Property: drive the machine with random command sequences and check the invariant
        // after every accepted event.
        var random = new Random(1234);
        ItemCommand[] pool =
        [
            new CompleteSanitize("Shows/x.mkv", Episode),
            new CompleteVault(Artifact.Source, [Copy(Artifact.Source)]),
            new CompleteTier(1, 0, 0),
            new CompleteEncode(new EncodeOutput("remux", "Encoded/x.mp4", 1, 1)),
            new SkipEncode("x"),
            new CompleteVault(Artifact.Encoded, [Copy(Artifact.Encoded)]),
            new CompleteNotify([]),
            new Evict(Artifact.Source, 1),
            new Evict(Artifact.Encoded, 1),
            new FailStep(Step.Vault, 1, 1, "x", true, Now),
            new Retry("op"),
        ];
        for (var run = 0; run < 2000; run++)
        {
            var item = Incoming();
            for (var n = 0; n < 30; n++)
            {
                var decision = ItemMachine.Decide(item, pool[random.Next(pool.Length)]);
                foreach (var e in decision.Events)
                {
                    item = ItemMachine.Apply(item, e, Id);
                }

                foreach (var evicted in item.Evicted)
                {
                    item.IsVaulted(evicted).ShouldBeTrue();
                }
            }
        }
    }
}
