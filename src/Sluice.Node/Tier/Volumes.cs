namespace Sluice.Node.Tier;

/// <summary>
/// One mounted filesystem. <paramref name="Id"/> is its device (st_dev, "major:minor"), so two
/// mount points of one filesystem (bind mounts) are one volume with one free-space figure.
/// </summary>
/// <param name="KeepsAtime">False on a noatime mount: its access times say nothing about use.</param>
public sealed record Volume(string Id, string MountPoint, bool KeepsAtime);

/// <summary>The volumes mounted right now. Injected so tests can lay out volumes without mounting.</summary>
public interface IVolumeMap
{
    IReadOnlyList<Volume> Mounts();
}

/// <summary>Which volume holds a path: the mount with the longest mount point above its real path.</summary>
public static class VolumeLookup
{
    public static Volume Of(this IReadOnlyList<Volume> mounts, string path)
    {
        var real = RealPath(path);
        return mounts.Where(m => IsUnder(real, m.MountPoint)).MaxBy(m => m.MountPoint.Length)
            ?? throw new InvalidOperationException($"No mounted volume holds {path}.");
    }

    private static bool IsUnder(string path, string mountPoint) =>
        mountPoint == "/"
        || path == mountPoint
        || path.StartsWith(mountPoint + "/", StringComparison.Ordinal);

    /// <summary>
    /// The path with every symbolic link on the way resolved (as far as it exists), so a
    /// library folder that is a link to another disk counts on that disk.
    /// </summary>
    public static string RealPath(string path, int depth = 0)
    {
        var full = Path.GetFullPath(path);
        if (depth > 40)
        {
            return full;
        }

        var current = "/";
        foreach (var part in full.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            var next = Path.Combine(current, part);
            string? target = null;
            try
            {
                target = new FileInfo(next).LinkTarget;
            }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }

            current = target is null
                ? next
                : RealPath(Path.GetFullPath(target, current), depth + 1);
        }

        return current;
    }
}

/// <summary>The kernel's own list: /proc/self/mountinfo, read afresh each pass (mounts come and go).</summary>
public sealed class MountInfoVolumes(string mountInfo = "/proc/self/mountinfo") : IVolumeMap
{
    public IReadOnlyList<Volume> Mounts() => Parse(File.ReadAllLines(mountInfo));

    /// <summary>
    /// Lines look like <c>36 35 98:0 /mnt1 /mnt/parent rw,noatime master:1 - ext3 /dev/root rw</c>:
    /// id, parent, st_dev, root, mount point, per-mount options, optional fields, "-", type,
    /// source, superblock options. Later lines are later mounts and hide earlier ones at the
    /// same mount point.
    /// </summary>
    public static IReadOnlyList<Volume> Parse(IEnumerable<string> lines)
    {
        var byMountPoint = new Dictionary<string, Volume>(StringComparer.Ordinal);
        foreach (var line in lines)
        {
            var fields = line.Split(' ');
            if (fields.Length < 6)
            {
                continue;
            }

            var mountPoint = Unescape(fields[4]);
            var options = fields[5].Split(',');
            byMountPoint[mountPoint] = new Volume(
                fields[2],
                mountPoint,
                !options.Contains("noatime", StringComparer.Ordinal)
            );
        }

        return [.. byMountPoint.Values];
    }

    /// <summary>mountinfo writes space, tab, newline and backslash as three octal digits.</summary>
    private static string Unescape(string field)
    {
        var builder = new System.Text.StringBuilder(field.Length);
        for (var i = 0; i < field.Length; i++)
        {
            if (
                field[i] == '\\'
                && i + 3 < field.Length
                && field.AsSpan(i + 1, 3).ToString().All(c => c is >= '0' and <= '7')
            )
            {
                builder.Append((char)Convert.ToInt32(field.Substring(i + 1, 3), 8));
                i += 3;
            }
            else
            {
                builder.Append(field[i]);
            }
        }

        return builder.ToString();
    }
}
