using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Sluice.Domain.Engine;
using Sluice.Node.Engine;
using Sluice.Tools.Mounts;
using Sluice.Tools.Processes;

namespace Sluice.Node.Mounts;

/// <summary>
/// Owns this node's FUSE mounts as child processes: <c>rclone mount</c> and mergerfs in the
/// foreground, started in dependency order (a union after its branch mounts are healthy),
/// probed on an interval, restarted with capped exponential backoff when the daemon exits or a
/// probe fails, unmounted in reverse order when the node stops. Stages listed on a mount pause
/// on this node while it is not healthy (<see cref="ClosedReason"/>, which LocationMonitor
/// folds into its gates), and are woken when it is healthy again.
/// </summary>
/// <remarks>
/// Invariants:
/// <list type="bullet">
/// <item>Each mount's slot is written only by its own supervise loop (and, once every loop has
/// ended, by the shutdown); readers take a snapshot under the slot's lock.</item>
/// <item>Before a daemon starts, nothing is mounted at its path: a stale mount (a dead daemon's,
/// "Transport endpoint is not connected") is lazily unmounted first; a live mount that is not
/// ours is reported and left alone.</item>
/// <item>After a failure the daemon is stopped and its mount lazily unmounted before the backoff,
/// so a restart never stacks a mount on a dead one.</item>
/// <item>When <see cref="ShutdownAsync"/> returns, no daemon of ours runs and nothing is mounted
/// at our paths (unless the kernel refused even a lazy unmount, which is logged).</item>
/// </list>
/// </remarks>
public sealed partial class MountSupervisor(
    IReadOnlyList<MountSpec> mounts,
    ProcessRunner runner,
    MountsOptions options,
    TimeProvider time,
    ILogger<MountSupervisor> log,
    WakeUps? wakeUps = null
) : IHostedLifecycleService, IAsyncDisposable
{
    private readonly IReadOnlyList<Slot> _slots =
    [
        .. mounts.Select(m => new Slot(m, time.GetUtcNow())),
    ];
    private readonly Fusermount _fusermount = new(runner);
    private readonly Backoff _backoff = new(options.RestartBackoff, options.RestartBackoffMax, 0);
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _gate = new();
    private TaskCompletionSource _changed = NewSignal();
    private HashSet<string> _closed = [];
    private Task[] _loops = [];
    private Task? _shutdown;

    public IReadOnlyList<MountStatus> Mounts => [.. _slots.Select(Status)];

    /// <summary>Why <paramref name="queue"/> must not work on this node now, or null.</summary>
    public string? ClosedReason(string queue)
    {
        foreach (var slot in _slots.Where(s => s.Spec.Stages.Contains(queue)))
        {
            var status = Status(slot);
            if (!status.Healthy)
            {
                return $"mount {status.Name} ({status.Path}) is {status.StateName}"
                    + (status.LastError is { Length: > 0 } error ? $": {error}" : "");
            }
        }

        return null;
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Starts one supervise loop per mount and returns: stages gated on a mount stay closed until it is healthy.</summary>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_stopping.IsCancellationRequested, this);
            if (_loops.Length == 0)
            {
                _closed = ClosedQueues();
                _loops =
                [
                    .. _slots.Select(slot =>
                        Task.Run(() => SuperviseAsync(slot), CancellationToken.None)
                    ),
                ];
            }
        }

        return Task.CompletedTask;
    }

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Nothing yet: the workers may still be reading through the mounts.</summary>
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Every other service has stopped: unmount, union first.</summary>
    public Task StoppedAsync(CancellationToken cancellationToken) => ShutdownAsync();

    public async ValueTask DisposeAsync() => await ShutdownAsync();

    private MountStatus Status(Slot slot)
    {
        var own = slot.Snapshot();
        if (own.State == MountState.Starting && own.Pid is null && own.LastError is null)
        {
            // Not started yet: say what it waits for (computed, so it never sticks as an error).
            var waiting = own.DependsOn.FirstOrDefault(d => !Status(Named(d)).Healthy);
            return waiting is null
                ? own
                : own with
                {
                    LastError = $"waiting for its branch mount {waiting}",
                };
        }

        if (own.State != MountState.Healthy)
        {
            return own;
        }

        // A union whose branch mount is down still runs, but serves only part of its tree.
        foreach (var dependency in slot.Spec.DependsOn)
        {
            var branch = Status(Named(dependency));
            if (!branch.Healthy)
            {
                return own with
                {
                    State = MountState.Down,
                    Since = branch.Since > own.Since ? branch.Since : own.Since,
                    LastError = $"its branch mount {branch.Name} is {branch.StateName}",
                };
            }
        }

        return own;
    }

    private Slot Named(string name) => _slots.Single(s => s.Spec.Name == name);

    /// <summary>Records a state change: logs it, wakes whatever waits on one, and pokes queues that just reopened.</summary>
    private void Changed(
        Slot slot,
        MountState state,
        string? error = null,
        DateTimeOffset? next = null
    )
    {
        slot.Set(state, time.GetUtcNow(), error, next);
        if (state == MountState.Healthy)
        {
            log.LogInformation("Mount {Name} is healthy at {Path}", slot.Spec.Name, slot.Spec.Path);
        }

        HashSet<string> reopened;
        TaskCompletionSource changed;
        lock (_gate)
        {
            var closed = ClosedQueues();
            reopened = [.. _closed.Except(closed)];
            _closed = closed;
            changed = _changed;
            _changed = NewSignal();
        }

        changed.TrySetResult();
        foreach (var queue in reopened)
        {
            log.LogInformation("Stage {Queue} resumes on this node: its mounts are healthy", queue);
            wakeUps?.Poke(queue);
        }
    }

    private HashSet<string> ClosedQueues() =>
        [
            .. _slots
                .SelectMany(s => s.Spec.Stages)
                .Distinct()
                .Where(q => ClosedReason(q) is not null),
        ];

    /// <summary>Completes at the next state change of any mount.</summary>
    public Task WhenChanged() => NextChange();

    private Task NextChange()
    {
        lock (_gate)
        {
            return _changed.Task;
        }
    }

    private static TaskCompletionSource NewSignal() =>
        new(TaskCreationOptions.RunContinuationsAsynchronously);
}
