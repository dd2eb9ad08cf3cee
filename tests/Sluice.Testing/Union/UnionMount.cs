using Sluice.Tools.Mounts;

namespace Sluice.Testing.Union;

/// <summary>
/// The union view of deploy/home on a test's own folders: an <c>rclone mount</c> of the vault
/// (read-only) and mergerfs over (library=RW, mount=RO), both with the options of the deploy
/// units, each in a fresh temp folder. DisposeAsync unmounts both and deletes the folders only once
/// nothing is mounted there any more (deleting through a live union would reach the library).
/// </summary>
public sealed partial class UnionMount : IAsyncDisposable
{
    /// <summary>The options of deploy/home/mergerfs-media.service (a spec holds the unit to them).</summary>
    /// <remarks>The product's defaults for a supervised union (Mounts:Union) are the same list.</remarks>
    public static readonly IReadOnlyList<string> MergerfsOptions = MergerfsCommand.DefaultOptions;

    /// <summary>
    /// The flags of deploy/home/rclone-vault-mount.service, as they appear there, except its
    /// --config and --cache-dir (the test's own).
    /// </summary>
    public static readonly IReadOnlyList<IReadOnlyList<string>> RcloneMountFlags =
    [
        ["--read-only"],
        ["--allow-other"],
        ["--umask", "022"],
        ["--vfs-cache-mode", "full"],
        ["--vfs-cache-max-size", "50G"],
        ["--vfs-cache-max-age", "24h"],
        ["--vfs-read-chunk-size", "32M"],
        ["--vfs-read-chunk-size-limit", "1G"],
        ["--buffer-size", "32M"],
        ["--dir-cache-time", "1h"],
        ["--poll-interval", "1m"],
    ];

    private static readonly TimeSpan MountTimeout = TimeSpan.FromSeconds(15);

    private readonly TempDirectory _home;
    private MountProcess? _rclone;
    private string _rcloneConfig = "";
    private string _remote = "";
    private MountProcess? _mergerfs;
    private bool _disposed;

    private UnionMount(TempDirectory home, string library)
    {
        _home = home;
        Library = library;
        CloudMount = home.Sub("vault");
        RcloneCache = home.Sub("rclone-cache");
        Path = home.Sub("union");
    }

    /// <summary>The local branch: the library folder Sluice writes to.</summary>
    public string Library { get; }

    /// <summary>The rclone mount of the vault: the cloud branch.</summary>
    public string CloudMount { get; }

    /// <summary>rclone's --cache-dir: with --vfs-cache-mode full, what was read from the cloud lands under vfs/.</summary>
    public string RcloneCache { get; }

    /// <summary>The union, what the media server reads.</summary>
    public string Path { get; }

    /// <summary>What rclone mount and mergerfs printed, for failure messages.</summary>
    public string Output =>
        $"rclone mount:{Environment.NewLine}{_rclone?.Output}{Environment.NewLine}"
        + $"mergerfs:{Environment.NewLine}{_mergerfs?.Output}";

    public string Combine(string relative) => System.IO.Path.Combine(Path, relative);

    /// <summary>Mounts <paramref name="remote"/> (e.g. "vault:Media") and the union over <paramref name="library"/>.</summary>
    public static async Task<UnionMount> StartAsync(
        string library,
        string rcloneConfig,
        string remote,
        CancellationToken cancellationToken
    )
    {
        FuseTools.Require();
        // mergerfs splits its branch list on ':' and reads '=' as the branch mode.
        if (library.IndexOfAny([':', '=']) >= 0)
        {
            throw new ArgumentException($"mergerfs cannot take a branch named '{library}'.");
        }

        var union = new UnionMount(new TempDirectory("sluice-union"), library);
        try
        {
            await union.MountAsync(rcloneConfig, remote, cancellationToken);
            return union;
        }
        catch
        {
            await union.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// SIGKILLs the rclone mount, as a crash or the OOM killer would: the kernel aborts its FUSE
    /// connection and the mount point stays behind, answering "Transport endpoint is not connected".
    /// </summary>
    public void KillCloudMount() => _rclone?.Kill();

    /// <summary>
    /// What systemd does after a crash (ExecStopPost, then the restart): clears the dead mount
    /// and mounts the vault again at the same point, under the running mergerfs.
    /// </summary>
    public async Task RestartCloudMountAsync(CancellationToken cancellationToken)
    {
        await UnmountCloudAsync();
        _rclone?.Dispose();
        await MountCloudAsync(cancellationToken);
    }

    private async Task MountAsync(
        string rcloneConfig,
        string remote,
        CancellationToken cancellationToken
    )
    {
        _rcloneConfig = rcloneConfig;
        _remote = remote;
        await MountCloudAsync(cancellationToken);

        // -f: in the foreground, so this test owns the pid (the unit lets it fork instead).
        _mergerfs = MountProcess.Start(
            FuseTools.Mergerfs,
            [
                "-f",
                "-o",
                string.Join(',', [.. MergerfsOptions, "fsname=sluice-union-test"]),
                $"{Library}=RW:{CloudMount}=RO",
                Path,
            ]
        );
        await WaitUntilMountedAsync(Path, "fuse.mergerfs", _mergerfs, cancellationToken);
    }

    private async Task MountCloudAsync(CancellationToken cancellationToken)
    {
        _rclone = MountProcess.Start(
            FuseTools.Rclone,
            [
                "mount",
                _remote,
                CloudMount,
                "--config",
                _rcloneConfig,
                "--cache-dir",
                RcloneCache,
                .. RcloneMountFlags.SelectMany(flag => flag),
            ]
        );
        await WaitUntilMountedAsync(CloudMount, "fuse.rclone", _rclone, cancellationToken);
    }

    private async Task WaitUntilMountedAsync(
        string path,
        string type,
        MountProcess daemon,
        CancellationToken cancellationToken
    )
    {
        var mounted = await Eventually.TrueWithinAsync(
            () => MountTable.TypeAt(path) == type || daemon.HasExited,
            MountTimeout,
            cancellationToken
        );
        if (!mounted || MountTable.TypeAt(path) != type)
        {
            throw new InvalidOperationException(
                $"{type} did not mount at {path} within {MountTimeout.TotalSeconds:0} s "
                    + $"(daemon {(daemon.HasExited ? "exited" : "still running")}).{Environment.NewLine}{Output}"
            );
        }
    }
}
