using Sluice.Tools.Processes;

namespace Sluice.Node.Mounts;

public sealed partial class MountSupervisor
{
    /// <summary>A mount's mutable life, behind its own lock.</summary>
    private sealed class Slot(MountSpec spec, DateTimeOffset now)
    {
        private readonly Lock _lock = new();
        private MountStatus _status = new(
            spec.Name,
            spec.Kind,
            spec.Path,
            MountState.Starting,
            null,
            0,
            now,
            null,
            null,
            spec.Stages,
            spec.DependsOn
        );

        public MountSpec Spec => spec;

        /// <summary>The running daemon and how to stop it; null between runs.</summary>
        public (Task<ProcessResult> Run, CancellationTokenSource Stop)? Daemon { get; set; }

        public MountStatus Snapshot()
        {
            lock (_lock)
            {
                return _status;
            }
        }

        public void Set(MountState state, DateTimeOffset now, string? error, DateTimeOffset? next)
        {
            lock (_lock)
            {
                _status = _status with
                {
                    State = state,
                    Since = state == _status.State ? _status.Since : now,
                    LastError = error ?? _status.LastError,
                    NextAttempt = next,
                    Pid = state is MountState.Healthy or MountState.Down or MountState.Starting
                        ? _status.Pid
                        : null,
                    Restarts =
                        state == MountState.Restarting ? _status.Restarts + 1 : _status.Restarts,
                };
            }
        }

        public void SetPid(int? pid)
        {
            lock (_lock)
            {
                _status = _status with { Pid = pid };
            }
        }
    }
}
