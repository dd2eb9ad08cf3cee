using System.Diagnostics;
using Sluice.Node.Tier;

namespace Sluice.Node.Tests.Tier;

/// <summary>
/// Small volumes at given folders: real tmpfs mounts when this machine lets the test mount
/// (root), measured by statvfs and found in /proc/self/mountinfo like in production;
/// otherwise folders posing as volumes of the same sizes, measured by what they hold. Either
/// way the specs run; <see cref="Real"/> says which.
/// </summary>
internal sealed class SmallVolumes : IDisposable
{
    private readonly List<(string Path, long Capacity)> _volumes = [];
    private readonly bool _real;

    private SmallVolumes(bool real) => _real = real;

    public bool Real => _real;

    public IVolumeMap Map =>
        _real ? new MountInfoVolumes() : new Folders([.. _volumes.Select(v => v.Path)]);

    public IFreeSpaceProbe Probe => _real ? new StatvfsProbe() : new FolderProbe(_volumes);

    /// <summary>Mounts (or poses) a volume of <paramref name="capacity"/> bytes at each folder, in order.</summary>
    public static SmallVolumes At(params (string Path, long Capacity)[] volumes)
    {
        var real =
            OperatingSystem.IsLinux()
            && Environment.UserName == "root"
            && Environment.GetEnvironmentVariable("SLUICE_TEST_NO_MOUNT") is null;
        var small = new SmallVolumes(real);
        foreach (var (path, capacity) in volumes)
        {
            Directory.CreateDirectory(path);
            if (small._real && !Mount(path, capacity))
            {
                small.Dispose();
                small = new SmallVolumes(false);
                small._volumes.AddRange(volumes);
                return small;
            }

            small._volumes.Add((path, capacity));
        }

        return small;
    }

    private static bool Mount(string path, long capacity) =>
        Run("mount", "-t", "tmpfs", "-o", $"size={capacity}", "tmpfs", path);

    private static bool Run(params string[] args)
    {
        using var process = Process.Start(
            new ProcessStartInfo(args[0], args[1..])
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
            }
        )!;
        process.WaitForExit();
        return process.ExitCode == 0;
    }

    public void Dispose()
    {
        if (_real)
        {
            foreach (var (path, _) in Enumerable.Reverse(_volumes))
            {
                Run("umount", "-l", path);
            }
        }

        _volumes.Clear();
    }

    /// <summary>Folders as volumes below the real root, each with its own device id.</summary>
    private sealed class Folders(List<string> roots) : IVolumeMap
    {
        public IReadOnlyList<Volume> Mounts() =>
            [
                new Volume("0:1", "/", true),
                .. roots.Select((r, i) => new Volume($"99:{i}", Path.GetFullPath(r), true)),
            ];
    }

    /// <summary>A folder's capacity less the files in it that are not on a volume nested in it.</summary>
    private sealed class FolderProbe(List<(string Path, long Capacity)> volumes) : IFreeSpaceProbe
    {
        public VolumeSpace Measure(string path)
        {
            var (root, capacity) = volumes.Single(v => Path.GetFullPath(v.Path) == path);
            var nested = volumes.Select(v => Path.GetFullPath(v.Path) + "/").ToList();
            var used = Directory
                .EnumerateFiles(root, "*", SearchOption.AllDirectories)
                .Where(f =>
                    !nested.Any(n =>
                        n != root + "/"
                        && f.StartsWith(n, StringComparison.Ordinal)
                        && n.Length > root.Length + 1
                    )
                )
                .Sum(f => new FileInfo(f).Length);
            return new VolumeSpace(capacity - used, capacity);
        }
    }
}
