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

    /// <summary>How often a transfer reports progress.</summary>
    public TimeSpan StatsInterval { get; init; } = TimeSpan.FromSeconds(1);
}
