using Sluice.Domain.Items;
using static Sluice.Domain.Tests.Items.ItemSpecs;

namespace Sluice.Domain.Tests.Items;

public sealed class ItemMachineSpecs
{
    [Fact]
    public void A_discovered_item_is_incoming_and_waits_for_sanitize()
    {
        var item = Incoming();

        item.State.ShouldBe(ItemState.Incoming);
        item.Version.ShouldBe(1);
        item.Name.ShouldBe("a.mkv");
        Pipeline.NextStep(item).ShouldBe(Step.Sanitize);
    }

    [Fact]
    public void The_happy_path_walks_all_six_states_in_order()
    {
        Incoming().State.ShouldBe(ItemState.Incoming);
        Sanitized().State.ShouldBe(ItemState.Sanitized);
        Vaulted().State.ShouldBe(ItemState.Vaulted);
        Tiered().State.ShouldBe(ItemState.Tiered);
        Produced().State.ShouldBe(ItemState.Tiered);
        Encoded().State.ShouldBe(ItemState.Encoded);
        Notified().State.ShouldBe(ItemState.Notified);
    }

    [Fact]
    public void Each_state_names_the_step_that_leaves_it()
    {
        Pipeline.NextStep(Sanitized()).ShouldBe(Step.Vault);
        Pipeline.NextStep(Vaulted()).ShouldBe(Step.Tier);
        Pipeline.NextStep(Tiered()).ShouldBe(Step.Encode);
        Pipeline.NextStep(Produced()).ShouldBe(Step.VaultEncoded);
        Pipeline.NextStep(Encoded()).ShouldBe(Step.Notify);
        Pipeline.NextStep(Notified()).ShouldBeNull();
        Pipeline.NextStep(Failed()).ShouldBeNull();
        Pipeline.NextStep(Cancelled()).ShouldBeNull();
    }

    [Fact]
    public void Skipping_the_encode_goes_straight_to_encoded()
    {
        var item = Run(Tiered(), new SkipEncode("already mp4 without subtitles"));

        item.State.ShouldBe(ItemState.Encoded);
        item.EncodeSkipped.ShouldBe("already mp4 without subtitles");
        Pipeline.NextStep(item).ShouldBe(Step.Notify);
    }

    [Fact]
    public void Every_event_bumps_the_version_by_one()
    {
        var before = Tiered();
        var after = Run(before, new StartStep(Step.Encode, 1));

        after.Version.ShouldBe(before.Version + 1);
        after.State.ShouldBe(before.State);
    }

    public static TheoryData<string, ItemCommand> StepCommands() =>
        new()
        {
            { "sanitize", new CompleteSanitize("Shows/x.mkv", Episode) },
            { "vault", new CompleteVault(Artifact.Source, [Copy(Artifact.Source)]) },
            { "tier", new CompleteTier(1, 0, 0) },
            { "encode", new CompleteEncode(new EncodeOutput("remux", "Encoded/x.mp4", 1, 1)) },
            { "skip-encode", new SkipEncode("nothing to do") },
            { "vault-encoded", new CompleteVault(Artifact.Encoded, [Copy(Artifact.Encoded)]) },
            { "notify", new CompleteNotify(["discord"]) },
            { "notification", new RecordNotification("discord") },
        };

    [Theory]
    [MemberData(nameof(StepCommands))]
    public void A_step_result_is_accepted_in_exactly_one_state(string name, ItemCommand command)
    {
        var accepted = EveryState().Where(i => !ItemMachine.Decide(i, command).IsRejected).ToList();

        accepted.Count.ShouldBe(1, $"{name} should be legal in exactly one state");
    }

    [Fact]
    public void An_illegal_transition_is_rejected_with_a_reason_that_names_the_state()
    {
        var decision = ItemMachine.Decide(Incoming(), new CompleteTier(1, 0, 0));

        decision.IsRejected.ShouldBeTrue();
        decision.Rejection.ShouldNotBeNull().ShouldContain("incoming");
        decision.Rejection.ShouldNotBeNull().ShouldContain("next step: sanitize");
        Should.Throw<InvalidTransitionException>(() => decision.EventsOrThrow());
    }

    [Fact]
    public void A_transient_failure_within_budget_schedules_a_retry_and_keeps_the_state()
    {
        var retryAt = Now.AddSeconds(30);

        var item = Run(Vaulted(), new FailStep(Step.Tier, 2, 5, "timeout", false, retryAt));

        item.State.ShouldBe(ItemState.Vaulted);
        item.Failure.ShouldBeNull();
    }

    [Fact]
    public void A_transient_failure_that_spends_the_budget_quarantines()
    {
        var decision = ItemMachine.Decide(
            Vaulted(),
            new FailStep(Step.Tier, 5, 5, "timeout", false, Now)
        );

        var quarantined = decision.Events.ShouldHaveSingleItem().ShouldBeOfType<Quarantined>();
        quarantined.Reason.ShouldContain("5 attempts");
        quarantined.Reason.ShouldContain("timeout");
    }

    [Fact]
    public void A_permanent_failure_quarantines_at_once_and_remembers_where_it_stood()
    {
        var item = Failed();

        item.State.ShouldBe(ItemState.Failed);
        item.Failure.ShouldBe(new Failure(Step.Tier, ItemState.Vaulted, 1, "disk gone"));
    }

    [Fact]
    public void Failing_a_step_the_item_is_not_at_is_rejected()
    {
        ItemMachine
            .Decide(Incoming(), new FailStep(Step.Vault, 1, 5, "x", false, Now))
            .IsRejected.ShouldBeTrue();
    }

    [Fact]
    public void Retrying_a_failed_item_resumes_the_step_that_failed()
    {
        var item = Run(Failed(), new Retry("operator"));

        item.State.ShouldBe(ItemState.Vaulted);
        item.Failure.ShouldBeNull();
        Pipeline.NextStep(item).ShouldBe(Step.Tier);
    }

    [Fact]
    public void Retrying_a_failed_encoded_output_upload_resumes_the_upload_not_the_encode()
    {
        var failed = Run(
            Produced(),
            new FailStep(Step.VaultEncoded, 1, 1, "remote down", false, Now)
        );

        var item = Run(failed, new Retry("operator"));

        Pipeline.NextStep(item).ShouldBe(Step.VaultEncoded);
    }

    [Fact]
    public void Only_failed_items_can_be_retried()
    {
        foreach (var item in EveryState().Where(i => i.State != ItemState.Failed))
        {
            ItemMachine
                .Decide(item, new Retry("operator"))
                .IsRejected.ShouldBeTrue(item.State.ToString());
        }
    }

    [Fact]
    public void Cancel_is_legal_until_the_item_is_notified_or_cancelled()
    {
        foreach (var item in EveryState())
        {
            var rejected = ItemMachine.Decide(item, new Cancel("operator", null)).IsRejected;
            rejected.ShouldBe(
                item.State is ItemState.Notified or ItemState.Cancelled,
                item.State.ToString()
            );
        }
    }

    [Fact]
    public void A_lost_lease_counts_as_an_attempt_and_quarantines_when_the_budget_is_spent()
    {
        ItemMachine
            .Decide(Vaulted(), new ExpireLease(Step.Tier, 1, 3, "home"))
            .Events.ShouldHaveSingleItem()
            .ShouldBeOfType<LeaseExpired>();

        var events = ItemMachine.Decide(Vaulted(), new ExpireLease(Step.Tier, 3, 3, "home")).Events;

        events.Select(e => e.GetType()).ShouldBe([typeof(LeaseExpired), typeof(Quarantined)]);
    }

    [Fact]
    public void A_channel_is_recorded_once()
    {
        var item = Run(Encoded(), new RecordNotification("discord"));

        ItemMachine.Decide(item, new RecordNotification("discord")).IsRejected.ShouldBeTrue();
        item.NotifiedChannels.ShouldBe(["discord"]);
    }
}
