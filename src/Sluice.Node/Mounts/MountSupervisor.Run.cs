using Microsoft.Extensions.Logging;
using Sluice.Tools.Mounts;
using Sluice.Tools.Processes;

namespace Sluice.Node.Mounts;

public sealed partial class MountSupervisor
{
    private static readonly TimeSpan MountPoll = TimeSpan.FromMilliseconds(200);

    // One mount's life until shutdown: wait for branches, clear leftovers, run the daemon until
    // it fails, stop it and clear its mount, back off (doubling while failures follow each other,
    // from the start again after a run that stayed healthy past the cap), repeat.
    private async Task SuperviseAsync(Slot slot)
    {
        var stopping = _stopping.Token;
        var failures = 0;
        while (!stopping.IsCancellationRequested)
        {
            long? healthyAt = null;
            string failure;
            try
            {
                await WaitForBranchesAsync(slot, stopping);
                Changed(slot, MountState.Starting);
                await ClearLeftoverAsync(slot, stopping);
                failure = await RunOnceAsync(slot, () => healthyAt = time.GetTimestamp(), stopping);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
                when (e is MountException or IOException or UnauthorizedAccessException)
            {
                failure = e.Message;
            }

            failures =
                healthyAt is { } since && time.GetElapsedTime(since) >= options.RestartBackoffMax
                    ? 1
                    : failures + 1;
            var delay = _backoff.Delay(failures, 0);
            Changed(slot, MountState.Restarting, failure, time.GetUtcNow() + delay);
            log.LogWarning(
                "Mount {Name} at {Path} failed ({Error}); restarting in {Delay}",
                slot.Spec.Name,
                slot.Spec.Path,
                failure,
                delay
            );
            try
            {
                await Task.Delay(delay, time, stopping);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task WaitForBranchesAsync(Slot slot, CancellationToken stopping)
    {
        while (true)
        {
            var change = NextChange();
            if (slot.Spec.DependsOn.All(d => Named(d).Snapshot().Healthy))
            {
                return;
            }

            await change.WaitAsync(stopping);
        }
    }

    /// <summary>Clears a dead mount left at the path (a crash, a SIGKILLed node); refuses to touch a live one that is not ours.</summary>
    private async Task ClearLeftoverAsync(Slot slot, CancellationToken stopping)
    {
        var path = slot.Spec.Path;
        if (MountTable.TypeAt(path) is { } type)
        {
            var problem = await MountProbe.ProblemAsync(
                path,
                type,
                options.ProbeTimeout,
                time,
                stopping
            );
            if (problem is null)
            {
                throw new MountException(
                    $"{path} is already mounted ({type}) by something else; stop that (a systemd unit?) or remove this mount from Mounts"
                );
            }

            log.LogWarning("Clearing a stale mount at {Path}: {Problem}", path, problem);
            if (!await _fusermount.UnmountAsync(path, lazy: true, stopping))
            {
                throw new MountException($"could not clear the stale mount at {path}: {problem}");
            }
        }

        Directory.CreateDirectory(path);
    }

    /// <summary>Runs the daemon until it fails; returns why. Leaves it running only when the node is stopping.</summary>
    private async Task<string> RunOnceAsync(Slot slot, Action healthy, CancellationToken stopping)
    {
        var spec = slot.Spec;
        var stop = new CancellationTokenSource();
        Task<ProcessResult> run;
        lock (_gate)
        {
            stopping.ThrowIfCancellationRequested(); // the shutdown takes over only daemons it can see
            run = runner.RunAsync(spec.Command, pid => slot.SetPid(pid), null, null, stop.Token);
            slot.Daemon = (run, stop);
        }

        try
        {
            var startedAt = time.GetTimestamp();
            while (
                await MountProbe.ProblemAsync(
                    spec.Path,
                    spec.FileSystemType,
                    options.ProbeTimeout,
                    time,
                    stopping
                )
                    is { } problem
            )
            {
                if (run.IsCompleted)
                {
                    return await ExitReasonAsync(spec, run);
                }

                if (time.GetElapsedTime(startedAt) >= options.StartTimeout)
                {
                    return $"{spec.Kind} did not mount within {options.StartTimeout.TotalSeconds:0} s: {problem}";
                }

                await Task.WhenAny(run, Task.Delay(MountPoll, time, stopping));
                stopping.ThrowIfCancellationRequested();
            }

            healthy();
            Changed(slot, MountState.Healthy);
            while (true)
            {
                await Task.WhenAny(run, Task.Delay(options.ProbeInterval, time, stopping));
                stopping.ThrowIfCancellationRequested();
                if (run.IsCompleted)
                {
                    return await ExitReasonAsync(spec, run);
                }

                if (
                    await MountProbe.ProblemAsync(
                        spec.Path,
                        spec.FileSystemType,
                        options.ProbeTimeout,
                        time,
                        stopping
                    ) is
                    { } problem
                )
                {
                    return problem;
                }
            }
        }
        finally
        {
            if (!stopping.IsCancellationRequested)
            {
                await StopDaemonAsync(slot);
                await _fusermount.UnmountAsync(spec.Path, lazy: true, CancellationToken.None);
            }
        }
    }

    private static async Task<string> ExitReasonAsync(MountSpec spec, Task<ProcessResult> run)
    {
        try
        {
            var result = await run;
            return $"{spec.Command.Name} exited with code {result.ExitCode} (unmounted from outside?)";
        }
        catch (Exception e) when (e is ProcessFailedException or ProcessStartException)
        {
            return e.Message;
        }
    }

    /// <summary>SIGINT (the daemon unmounts and leaves), the runner's kill after the grace period.</summary>
    private static async Task StopDaemonAsync(Slot slot)
    {
        if (slot.Daemon is not { } daemon)
        {
            return;
        }

        await daemon.Stop.CancelAsync();
        try
        {
            await daemon.Run;
        }
        catch (Exception e)
            when (e is OperationCanceledException or ProcessFailedException or ProcessStartException
            )
        {
            // Stopped on purpose, or already dead: what counts is that it no longer runs.
        }

        daemon.Stop.Dispose();
        slot.Daemon = null;
        slot.SetPid(null);
    }
}

/// <summary>A mount cannot be started for a reason the supervisor reports and retries.</summary>
public sealed class MountException(string message) : Exception(message);
