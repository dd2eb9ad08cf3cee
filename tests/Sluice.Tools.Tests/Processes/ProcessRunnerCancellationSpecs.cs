using Sluice.Testing;
using Sluice.Tools.Processes;

namespace Sluice.Tools.Tests.Processes;

/// <summary>
/// Cancellation against scripted tools: only a fake can ignore SIGINT or "q" on demand. The
/// grace period runs on a manual clock, so "not killed yet" and "killed after the grace
/// period" are decided by the test, not by timing luck.
/// </summary>
public sealed class ProcessRunnerCancellationSpecs : IDisposable
{
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan RealTimeBound = TimeSpan.FromSeconds(10);

    private readonly TempDirectory _temp = new("sluice-cancel");
    private readonly ManualTimeProvider _time = new();
    private readonly ProcessRunner _runner;

    public ProcessRunnerCancellationSpecs() =>
        _runner = new ProcessRunner(
            _time,
            new ProcessRunnerOptions { OwnerTag = $"test-{Guid.NewGuid():N}" }
        );

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Cancel_sends_SIGINT_and_a_tool_that_honours_it_stops_without_waiting_for_the_grace_period()
    {
        var tool = Fake(
            """
            trap 'echo interrupted >&2; exit 130' INT
            sleep 300 &
            echo "$$ $! ready"
            wait
            """,
            GracefulStop.Interrupt
        );

        var run = await StartAsync(tool);
        await run.Cancellation.CancelAsync();

        // The manual clock never moves: only the tool's own exit can end the run.
        await Should.ThrowAsync<OperationCanceledException>(() =>
            run.Task.WaitAsync(RealTimeBound, Ct)
        );
        run.Stderr.ShouldContain("interrupted");
        LinuxProcesses.IsRunning(run.ToolPid).ShouldBeFalse();
        // The background sleep outlived its parent; the run-id sweep still found it.
        (await GoneAsync(run.ChildPid)).ShouldBeTrue();
    }

    [Fact]
    public async Task Cancel_kills_a_tool_that_ignores_SIGINT_after_the_grace_period_with_its_children()
    {
        var tool = Fake(
            """
            trap '' INT
            sleep 300 &
            echo "$$ $! ready"
            wait
            """,
            GracefulStop.Interrupt
        );

        var run = await StartAsync(tool);
        await run.Cancellation.CancelAsync();

        await Task.Delay(TimeSpan.FromMilliseconds(300), TimeProvider.System, Ct);
        run.Task.IsCompleted.ShouldBeFalse("the grace period has not passed on the runner's clock");
        LinuxProcesses.IsRunning(run.ToolPid).ShouldBeTrue();

        await _time.AdvanceUntilCompletedAsync(
            run.Task,
            TimeSpan.FromSeconds(5),
            RealTimeBound,
            Ct
        );

        await Should.ThrowAsync<OperationCanceledException>(() => run.Task);
        (await GoneAsync(run.ToolPid)).ShouldBeTrue();
        (await GoneAsync(run.ChildPid)).ShouldBeTrue();
    }

    [Fact]
    public async Task Cancel_sends_q_and_a_tool_that_honours_it_exits_yet_the_run_still_counts_as_cancelled()
    {
        var tool = Fake(
            """
            echo "$$ 0 ready"
            while read line; do
              if [ "$line" = q ]; then echo quitting >&2; exit 0; fi
            done
            """,
            GracefulStop.WriteQ
        );

        var run = await StartAsync(tool);
        await run.Cancellation.CancelAsync();

        await Should.ThrowAsync<OperationCanceledException>(() =>
            run.Task.WaitAsync(RealTimeBound, Ct)
        );
        run.Stderr.ShouldContain("quitting");
    }

    [Fact]
    public async Task Cancel_sends_q_then_kills_a_tool_that_ignores_it()
    {
        var tool = Fake(
            """
            trap '' INT
            echo "$$ 0 ready"
            while read line; do echo "ignoring $line" >&2; done
            """,
            GracefulStop.WriteQ
        );

        var run = await StartAsync(tool);
        await run.Cancellation.CancelAsync();

        (
            await Eventually.TrueWithinAsync(
                () => run.HasStderrLine("ignoring q"),
                RealTimeBound,
                Ct
            )
        ).ShouldBeTrue();
        run.Task.IsCompleted.ShouldBeFalse();

        await _time.AdvanceUntilCompletedAsync(
            run.Task,
            TimeSpan.FromSeconds(5),
            RealTimeBound,
            Ct
        );

        await Should.ThrowAsync<OperationCanceledException>(() => run.Task);
        (await GoneAsync(run.ToolPid)).ShouldBeTrue();
    }

    [Fact]
    public async Task Cancel_with_Kill_skips_the_grace_period()
    {
        var tool = Fake(
            """
            trap '' INT
            echo "$$ 0 ready"
            exec sleep 300
            """,
            GracefulStop.Kill
        );

        var run = await StartAsync(tool);
        await run.Cancellation.CancelAsync();

        await Should.ThrowAsync<OperationCanceledException>(() =>
            run.Task.WaitAsync(RealTimeBound, Ct)
        );
        (await GoneAsync(run.ToolPid)).ShouldBeTrue();
    }

    private ProcessCommand Fake(string script, GracefulStop stop) =>
        new ProcessCommand(FakeExecutable.Create(_temp.Path, "tool", script)).WithGracefulStop(
            stop,
            Grace
        );

    private async Task<Run> StartAsync(ProcessCommand command)
    {
        var ready = new TaskCompletionSource<string>(
            TaskCreationOptions.RunContinuationsAsynchronously
        );
        var run = new Run();
        run.Task = _runner.RunAsync(
            command,
            line =>
            {
                if (line.EndsWith(" ready", StringComparison.Ordinal))
                {
                    ready.TrySetResult(line);
                }
            },
            line =>
            {
                lock (run.Stderr)
                {
                    run.Stderr.Add(line);
                }
            },
            run.Cancellation.Token
        );
        var pids = (await ready.Task.WaitAsync(RealTimeBound, Ct)).Split(' ');
        run.ToolPid = LinuxProcesses.ParsePid(pids[0]);
        run.ChildPid = LinuxProcesses.ParsePid(pids[1]);
        return run;
    }

    private static Task<bool> GoneAsync(int pid) =>
        Eventually.TrueWithinAsync(() => !LinuxProcesses.IsRunning(pid), RealTimeBound, Ct);

    private sealed class Run
    {
        public CancellationTokenSource Cancellation { get; } = new();
        public Task Task { get; set; } = Task.CompletedTask;
        public List<string> Stderr { get; } = [];
        public int ToolPid { get; set; }
        public int ChildPid { get; set; }

        public bool HasStderrLine(string line)
        {
            lock (Stderr)
            {
                return Stderr.Contains(line);
            }
        }
    }
}
