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
}

public enum RcloneTransport
{
    /// <summary>One rclone process per call: nothing long-lived, every call pays a start and a new connection.</summary>
    Processes,

    /// <summary>One <c>rclone rcd</c> per client, started on first use and stopped on dispose.</summary>
    Daemon,
}
