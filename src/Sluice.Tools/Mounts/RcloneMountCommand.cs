namespace Sluice.Tools.Mounts;

/// <summary>
/// One <c>rclone mount</c>, run in the foreground (never <c>--daemon</c>) so its supervisor owns
/// the pid and sees it die. The typed settings are the ones users of the cloud-storage image and
/// of deploy/home/rclone-vault-mount.service know; anything else goes in <see cref="ExtraArguments"/>.
/// </summary>
public sealed record RcloneMountCommand(string Remote, string MountPoint)
{
    public string? ConfigPath { get; init; }

    public bool ReadOnly { get; init; } = true;

    public bool AllowOther { get; init; } = true;

    public string? Umask { get; init; } = "022";

    /// <summary>off, minimal, writes or full.</summary>
    public string VfsCacheMode { get; init; } = "full";

    public string? CacheDir { get; init; }

    /// <summary>rclone's size syntax ("50G").</summary>
    public string? VfsCacheMaxSize { get; init; }

    public TimeSpan? VfsCacheMaxAge { get; init; }

    public string? VfsReadChunkSize { get; init; }

    public string? VfsReadChunkSizeLimit { get; init; }

    public string? BufferSize { get; init; }

    public TimeSpan? DirCacheTime { get; init; }

    public TimeSpan? PollInterval { get; init; }

    public IReadOnlyList<string> ExtraArguments
    {
        get;
        init => field = [.. value];
    } = [];

    public IReadOnlyList<string> ToArguments()
    {
        var args = new List<string> { "mount", Remote, MountPoint };
        void Add(string flag, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                args.Add(flag);
                args.Add(value);
            }
        }

        Add("--config", ConfigPath);
        if (ReadOnly)
        {
            args.Add("--read-only");
        }

        if (AllowOther)
        {
            args.Add("--allow-other");
        }

        Add("--umask", Umask);
        Add("--vfs-cache-mode", VfsCacheMode);
        Add("--cache-dir", CacheDir);
        Add("--vfs-cache-max-size", VfsCacheMaxSize);
        Add("--vfs-cache-max-age", Duration(VfsCacheMaxAge));
        Add("--vfs-read-chunk-size", VfsReadChunkSize);
        Add("--vfs-read-chunk-size-limit", VfsReadChunkSizeLimit);
        Add("--buffer-size", BufferSize);
        Add("--dir-cache-time", Duration(DirCacheTime));
        Add("--poll-interval", Duration(PollInterval));
        args.AddRange(ExtraArguments);
        return args;
    }

    /// <summary>rclone reads Go durations; whole seconds say every TimeSpan a user would configure.</summary>
    private static string? Duration(TimeSpan? span) =>
        span is { } s ? $"{(long)Math.Ceiling(s.TotalSeconds)}s" : null;
}
