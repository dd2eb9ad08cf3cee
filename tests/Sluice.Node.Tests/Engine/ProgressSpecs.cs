using Microsoft.Extensions.Logging.Abstractions;
using Sluice.Domain.Items;
using Sluice.Node.Engine;
using Sluice.Node.Tests.Support;
using Sluice.Store;
using Sluice.Testing;

namespace Sluice.Node.Tests.Engine;

public sealed class ProgressSpecs
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Reports what it is told to, and finishes when released.</summary>
    private sealed class SteerableStep : IStepHandler
    {
        public StepContext? Context { get; private set; }

        public TaskCompletionSource Started { get; } =
            new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } =
            new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Step Step => Step.Sanitize;

        public async Task<ItemCommand> RunAsync(StepContext context, CancellationToken ct)
        {
            Context = context;
            Started.SetResult();
            await Release.Task.WaitAsync(ct);
            return new CompleteSanitize(
                "Shows/a.mkv",
                new MediaSummary("episode", "A", 1, [1], null)
            );
        }
    }

    [Fact]
    public async Task New_progress_reaches_the_store_within_two_seconds_not_a_quarter_lease()
    {
        var clock = new ManualTimeProvider();
        await using var node = await NodeHarness.CreateAsync(clock);
        var handler = new SteerableStep();
        var runner = new JobRunner(
            node.Store,
            new Dictionary<Step, IStepHandler> { [Step.Sanitize] = handler },
            node.WakeUps,
            TimeSpan.FromMinutes(2),
            clock,
            NullLogger<JobRunner>.Instance
        );
        var id = (
            await node.Store.DiscoverAsync(new NewItem("a.mkv", "/in/a.mkv", 1, "sha256:a"), Ct)
        ).Id;
        var job = (
            await node.Store.ClaimAsync(
                new ClaimRequest("test", "sanitize", 1, TimeSpan.FromMinutes(2)),
                Ct
            )
        ).ShouldHaveSingleItem();
        var run = runner.RunAsync(job, Ct);
        await handler.Started.Task.WaitAsync(TimeSpan.FromSeconds(10), Ct);

        async Task<string?> StoredAsync() =>
            (await node.Store.RunningJobsAsync(Ct)).ShouldHaveSingleItem().Progress;

        async Task ReportAndWaitAsync(int percent)
        {
            handler.Context!.ReportProgress(new { percent });
            var expected = $$"""{"percent":{{percent}}}""";
            var seen = false;
            for (var step = 0; step < 10 && !seen; step++)
            {
                clock.Advance(TimeSpan.FromMilliseconds(250));
                seen = await Eventually.TrueWithinAsync(
                    () => StoredAsync().GetAwaiter().GetResult() == expected,
                    TimeSpan.FromMilliseconds(200),
                    Ct
                );
            }

            seen.ShouldBeTrue(
                $"{expected} stored within 2.5 s of the clock (a quarter lease is 30 s)"
            );
        }

        await ReportAndWaitAsync(10);
        await ReportAndWaitAsync(60);
        handler.Release.SetResult();
        await run.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        (await node.Store.GetItemAsync(id, Ct))!.Item.State.ShouldBe(ItemState.Sanitized);
    }
}
