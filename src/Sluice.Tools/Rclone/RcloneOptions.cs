namespace Sluice.Tools.Rclone;

public sealed record RcloneOptions
{
    public string ExecutablePath { get; init; } = "rclone";

    /// <summary>Null: rclone's default (~/.config/rclone/rclone.conf).</summary>
    public string? ConfigPath { get; init; }

    /// <summary>Flags added to every call, e.g. ["--bwlimit", "8M", "--drive-stop-on-upload-limit"].</summary>
    public IReadOnlyList<string> GlobalFlags
    {
        get;
        init => field = [.. value];
    } = [];

    /// <summary>How long rclone gets to finish after SIGINT before it is killed.</summary>
    public TimeSpan GracePeriod { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How calls reach rclone: a long-lived <c>rclone rcd</c> on loopback (one connection pool per
    /// remote, no process start per call) or one process per call.
    /// </summary>
    public RcloneTransport Transport { get; init; } = RcloneTransport.Processes;

    /// <summary>How often a transfer reports progress (through the daemon: the longest gap between polls).</summary>
    public TimeSpan StatsInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Through the daemon and with no bandwidth limit, a local file smaller than this is copied
    /// in one synchronous call that reports progress only when done (it is over before the
    /// first report would come).
    /// </summary>
    public long SynchronousCopyBelow { get; init; } = 1L << 20;
}

public enum RcloneTransport
{
    /// <summary>One rclone process per call: nothing long-lived, every call pays a start and a new connection.</summary>
    Processes,

    /// <summary>One <c>rclone rcd</c> per client, started on first use and stopped on dispose.</summary>
    Daemon,
}

/// <summary>Who compares a copy's hash with its source's once a transfer is done.</summary>
public enum PostCopyCheck
{
    /// <summary>rclone, as it does by default, when both sides share a hash.</summary>
    Rclone,

    /// <summary>
    /// The caller, on the object's final name (the vault's own verification): rclone's check
    /// is skipped so the remote hashes each file once, not twice.
    /// </summary>
    Caller,
}
