namespace Sluice.Node.Mounts;

/// <summary>Where a supervised mount is in its life.</summary>
public enum MountState
{
    /// <summary>Waiting for its branches, clearing a stale mount, or its daemon is mounting.</summary>
    Starting,

    /// <summary>Mounted and answering; for a union, every branch mount is healthy too.</summary>
    Healthy,

    /// <summary>Its daemon runs but a branch mount it depends on is not healthy.</summary>
    Down,

    /// <summary>It failed (daemon exited, probe failed); the next start waits out the backoff.</summary>
    Restarting,

    /// <summary>Unmounted and its daemon stopped: the node is shutting down.</summary>
    Stopped,
}

/// <summary>One supervised mount as /api/mounts and ctl mounts show it.</summary>
/// <param name="Since">When it entered <paramref name="State"/>.</param>
/// <param name="NextAttempt">While restarting: when the next start is due.</param>
public sealed record MountStatus(
    string Name,
    string Kind,
    string Path,
    MountState State,
    int? Pid,
    int Restarts,
    DateTimeOffset Since,
    string? LastError,
    DateTimeOffset? NextAttempt,
    IReadOnlyList<string> Stages,
    IReadOnlyList<string> DependsOn
)
{
    public bool Healthy => State == MountState.Healthy;

    /// <summary>The state as the API and ctl spell it.</summary>
    public string StateName => State.ToString().ToLowerInvariant();
}
