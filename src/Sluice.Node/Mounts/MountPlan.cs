using Sluice.Domain.Items;
using Sluice.Node.Configuration;
using Sluice.Tools.Mounts;
using Sluice.Tools.Processes;

namespace Sluice.Node.Mounts;

/// <summary>One mount the supervisor owns, resolved from configuration.</summary>
/// <param name="Kind">rclone or union.</param>
/// <param name="FileSystemType">What /proc/self/mountinfo shows at <paramref name="Path"/> when it is up.</param>
/// <param name="DependsOn">Mounts that must be healthy before this one starts, and for it to count as healthy (a union's branch mounts).</param>
/// <param name="Stages">Queues (or "incoming") that pause on this node while it is not healthy.</param>
public sealed record MountSpec(
    string Name,
    string Kind,
    string Path,
    string FileSystemType,
    ProcessCommand Command,
    IReadOnlyList<string> DependsOn,
    IReadOnlyList<string> Stages
);

/// <summary>Turns Mounts, Vault and Paths settings into the mounts to supervise, in start order (rclone mounts, then the union).</summary>
public static class MountPlan
{
    public const string Rclone = "rclone";
    public const string Union = "union";

    /// <summary>What a mount's Stages may name: the queues, and incoming (the watcher).</summary>
    public static IReadOnlyList<string> GateableStages { get; } =
    [.. Names.Steps.Select(Placement.QueueOf).Distinct(), "incoming"];

    public static IReadOnlyList<MountSpec> From(
        MountsOptions mounts,
        VaultOptions vault,
        NodePaths paths
    )
    {
        var specs = new List<MountSpec>();
        foreach (var m in mounts.Rclone)
        {
            var mountPoint = Full(m.Path);
            var command = new RcloneMountCommand(m.Remote, mountPoint)
            {
                ConfigPath = string.IsNullOrEmpty(vault.RcloneConfig)
                    ? null
                    : System.IO.Path.GetFullPath(vault.RcloneConfig),
                ReadOnly = m.ReadOnly,
                AllowOther = m.AllowOther,
                Umask = m.Umask,
                VfsCacheMode = m.VfsCacheMode,
                CacheDir = m.CacheDir is { Length: > 0 } cache
                    ? Full(cache)
                    : System.IO.Path.Combine(paths.Data, "mounts", m.Name, "cache"),
                VfsCacheMaxSize = m.VfsCacheMaxSize,
                VfsCacheMaxAge = m.VfsCacheMaxAge,
                VfsReadChunkSize = m.VfsReadChunkSize,
                VfsReadChunkSizeLimit = m.VfsReadChunkSizeLimit,
                BufferSize = m.BufferSize,
                DirCacheTime = m.DirCacheTime,
                PollInterval = m.PollInterval,
                ExtraArguments = m.ExtraArgs,
            };
            specs.Add(
                new MountSpec(
                    m.Name,
                    Rclone,
                    mountPoint,
                    "fuse.rclone",
                    Daemon(vault.RcloneExecutable, command.ToArguments()),
                    [],
                    m.Stages ?? []
                )
            );
        }

        if (mounts.Union is { } union)
        {
            var branches = union
                .Branches.Select(text =>
                    MergerfsBranch.TryParse(text, out var branch)
                        ? branch with
                        {
                            Path = Full(branch.Path),
                        }
                        : throw new InvalidOperationException($"Bad mergerfs branch '{text}'.")
                )
                .ToList();
            var command = new MergerfsCommand(branches, Full(union.Path))
            {
                Options = union.Options.Count > 0 ? union.Options : MergerfsCommand.DefaultOptions,
                FsName = union.FsName,
            };
            specs.Add(
                new MountSpec(
                    union.Name,
                    Union,
                    Full(union.Path),
                    "fuse.mergerfs",
                    Daemon("mergerfs", command.ToArguments()),
                    [
                        .. specs
                            .Where(s => branches.Any(b => SamePath(b.Path, s.Path)))
                            .Select(s => s.Name),
                    ],
                    union.Stages ?? ["tier"]
                )
            );
        }

        return specs;
    }

    // SIGINT makes both daemons unmount and leave; the grace covers rclone flushing its cache.
    private static ProcessCommand Daemon(string executable, IReadOnlyList<string> arguments) =>
        new ProcessCommand(executable)
            .WithArguments(arguments)
            .WithGracefulStop(GracefulStop.Interrupt, TimeSpan.FromSeconds(10));

    public static string Full(string path) =>
        System.IO.Path.TrimEndingDirectorySeparator(System.IO.Path.GetFullPath(path));

    public static bool SamePath(string a, string b) =>
        string.Equals(Full(a), Full(b), StringComparison.Ordinal);

    /// <summary>Whether <paramref name="path"/> is <paramref name="folder"/> or inside it.</summary>
    public static bool Within(string path, string folder)
    {
        var (p, f) = (Full(path), Full(folder));
        return p == f || p.StartsWith(f + "/", StringComparison.Ordinal);
    }
}
