using Sluice.Testing;
using Sluice.Tools.Processes;

namespace Sluice.Tools.Tests.Processes;

public sealed class KillOrphansSpecs : IDisposable
{
    private readonly TempDirectory _temp = new("sluice-orphans");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task KillOrphans_kills_processes_carrying_the_exact_tag_and_spares_others()
    {
        var tag = $"node-{Guid.NewGuid():N}";
        var tool = new ProcessCommand(
            FakeExecutable.Create(_temp.Path, "tool", "echo $$\nexec sleep 300")
        );
        // Same prefix, different tag: must survive.
        var (tagged, taggedPid) = await StartAsync(tag, tool, CancellationToken.None);
        using var spare = new CancellationTokenSource();
        var (other, otherPid) = await StartAsync(tag + "-other", tool, spare.Token);

        var killed = ProcessRunner.KillOrphans(tag);

        killed.ShouldBe(1);
        var failure = await Should.ThrowAsync<ProcessFailedException>(() =>
            tagged.WaitAsync(TimeSpan.FromSeconds(10), Ct)
        );
        failure.ExitCode.ShouldBe(137, "128 + SIGKILL");
        LinuxProcesses.IsRunning(otherPid).ShouldBeTrue();
        LinuxProcesses.IsRunning(taggedPid).ShouldBeFalse();

        await spare.CancelAsync();
        await Should.ThrowAsync<OperationCanceledException>(() => other);
    }

    private static async Task<(Task Run, int Pid)> StartAsync(
        string tag,
        ProcessCommand command,
        CancellationToken cancellationToken
    )
    {
        var runner = new ProcessRunner(
            TimeProvider.System,
            new ProcessRunnerOptions { OwnerTag = tag }
        );
        var pid = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var run = runner.RunAsync(
            command,
            line => pid.TrySetResult(LinuxProcesses.ParsePid(line)),
            null,
            cancellationToken
        );
        return (run, await pid.Task.WaitAsync(TimeSpan.FromSeconds(10), Ct));
    }
}
