namespace Sluice.Node.Mounts;

/// <summary>
/// FUSE mounts this node owns as supervised children (the cloud-storage image's RCLONE_MOUNT_n
/// and UNION_MOUNT_n): rclone mounts of remotes and one mergerfs union over them. Empty: the
/// node mounts nothing (systemd units may do it instead, deploy/UNION.md).
/// </summary>
public sealed class MountsOptions
{
    public const string Section = "Mounts";

    public List<RcloneMountOptions> Rclone { get; set; } = [];

    public UnionMountOptions? Union { get; set; }

    /// <summary>How often a healthy mount is probed (mount table, then a bounded listing).</summary>
    public TimeSpan ProbeInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>A listing that takes longer counts as a hung mount.</summary>
    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>A daemon that has not mounted within this is stopped and started again.</summary>
    public TimeSpan StartTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The wait before the first restart; it doubles with every failure in a row.</summary>
    public TimeSpan RestartBackoff { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait between restarts; a mount healthy for this long starts over at <see cref="RestartBackoff"/>.</summary>
    public TimeSpan RestartBackoffMax { get; set; } = TimeSpan.FromMinutes(5);

    public bool Any => Rclone.Count > 0 || Union is not null;
}

/// <summary>One <c>rclone mount</c>: RCLONE_MOUNT_n="Remote|Path" with its RCLONE_MOUNT_n_OPTIONS as settings.</summary>
public sealed class RcloneMountOptions
{
    public string Name { get; set; } = "";

    /// <summary>"gdrive:Media": a remote of Vault:RcloneConfig (or a connection string such as ":local:/srv/x").</summary>
    public string Remote { get; set; } = "";

    /// <summary>The mount point: an absolute path to an empty folder (created when missing).</summary>
    public string Path { get; set; } = "";

    public bool ReadOnly { get; set; } = true;

    /// <summary>Lets other users (the media server, mergerfs) in; needs user_allow_other in /etc/fuse.conf unless the node runs as root.</summary>
    public bool AllowOther { get; set; } = true;

    public string? Umask { get; set; } = "022";

    /// <summary>off, minimal, writes or full.</summary>
    public string VfsCacheMode { get; set; } = "full";

    /// <summary>rclone's --cache-dir; keep it off the library disk. Default: DATA/mounts/NAME/cache.</summary>
    public string? CacheDir { get; set; }

    /// <summary>rclone's size syntax, e.g. "50G".</summary>
    public string? VfsCacheMaxSize { get; set; }

    public TimeSpan? VfsCacheMaxAge { get; set; }

    public string? VfsReadChunkSize { get; set; }

    public string? VfsReadChunkSizeLimit { get; set; }

    public string? BufferSize { get; set; }

    /// <summary>Keep it below Tier:MinResidency (deploy/UNION.md).</summary>
    public TimeSpan? DirCacheTime { get; set; } = TimeSpan.FromHours(1);

    public TimeSpan? PollInterval { get; set; }

    /// <summary>Any other rclone flags, one argument per entry (["--max-read-ahead", "200M"]).</summary>
    public List<string> ExtraArgs { get; set; } = [];

    /// <summary>Stages (queues, or "incoming") that pause on this node while the mount is not healthy.</summary>
    public List<string>? Stages { get; set; }
}

/// <summary>The mergerfs union: UNION_MOUNT_n="branch:branch|Path".</summary>
public sealed class UnionMountOptions
{
    public string Name { get; set; } = "union";

    public string Path { get; set; } = "";

    /// <summary>In read priority order, mergerfs style: "/srv/media/Library=RW", "/mnt/vault=RO". A branch that is one of Mounts:Rclone's paths makes the union depend on that mount.</summary>
    public List<string> Branches { get; set; } = [];

    /// <summary>mergerfs -o options; empty means the defaults of deploy/home/mergerfs-media.service (category.create=ff, …).</summary>
    public List<string> Options { get; set; } = [];

    public string FsName { get; set; } = "sluice-media";

    /// <summary>Stages that pause on this node while the union (or a branch mount) is not healthy. Default: tier.</summary>
    public List<string>? Stages { get; set; }
}
