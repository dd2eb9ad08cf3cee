using System.Diagnostics;

namespace Sluice.Tools.Processes;

public sealed partial class ProcessRunner
{
    // Graceful stop, then the grace period on the injected clock, then a tree kill, then a sweep
    // by run id for descendants the tree walk cannot reach (re-parented when their parent died,
    // or left behind by a tool that honoured the graceful stop).
    private async Task StopAsync(Process process, ProcessCommand command, string runId)
    {
        if (!process.HasExited && await AskToStopAsync(process, command))
        {
            using var graceOver = new CancellationTokenSource();
            var exited = process.WaitForExitAsync(graceOver.Token);
            var grace = Task.Delay(command.GracePeriod, _time, graceOver.Token);
            await Task.WhenAny(exited, grace);
            await graceOver.CancelAsync();
        }

        KillTree(process, runId);
        await process.WaitForExitAsync(CancellationToken.None);
    }

    /// <summary>False when there is no graceful step to wait for.</summary>
    private static async Task<bool> AskToStopAsync(Process process, ProcessCommand command)
    {
        switch (command.GracefulStop)
        {
            case GracefulStop.Interrupt:
                // Only the tool itself: like Ctrl-C reaching ffmpeg or rclone, which spawn no children.
                return Posix.TrySignal(process.Id, Posix.SigInt);
            case GracefulStop.WriteQ:
                try
                {
                    await process.StandardInput.WriteAsync("q\n");
                    await process.StandardInput.FlushAsync();
                    return true;
                }
                catch (IOException)
                {
                    return false; // stdin already closed by the tool: go straight to the kill.
                }
            case GracefulStop.Kill:
                return false;
            default:
                throw new InvalidOperationException(
                    $"Unknown graceful stop {command.GracefulStop}."
                );
        }
    }

    private static void KillTree(Process process, string runId)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Exited between the check and the kill.
        }

        ProcessTags.Kill(RunVariable, runId, spareAncestors: false);
    }

    // After the kill the pipes close as soon as the last holder dies; a descendant that shed its
    // environment could escape the sweep and hold them, so the wait is bounded and then abandoned.
    private async Task DrainAsync(Task[] io)
    {
        try
        {
            await Task.WhenAll(io).WaitAsync(_options.DrainTimeout, _time);
        }
        catch (TimeoutException) { }
        catch (Exception) when (io.Any(t => t.IsFaulted))
        {
            // A callback failing while the tool shuts down must not hide the cancellation.
        }
    }
}
