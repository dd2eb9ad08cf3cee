using System.Text;

namespace Sluice.Tools.Mounts;

/// <summary>Reads this process's mount table (/proc/self/mountinfo): which filesystem, if any, is mounted at a path.</summary>
public static class MountTable
{
    /// <summary>The filesystem type mounted at <paramref name="path"/> ("fuse.rclone", "fuse.mergerfs"), or null.</summary>
    /// <remarks>Mounts can stack on one point; the last line is the one on top.</remarks>
    public static string? TypeAt(string path)
    {
        var target = Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
        string? type = null;
        foreach (var line in File.ReadLines("/proc/self/mountinfo"))
        {
            // "36 35 98:0 / /mnt/point rw,noatime master:1 - fuse.rclone vault:Media rw,…":
            // field 5 is the mount point; the type follows the " - " separator.
            var fields = line.Split(' ');
            var separator = Array.IndexOf(fields, "-");
            if (fields.Length > 4 && separator > 4 && separator + 1 < fields.Length)
            {
                if (Unescape(fields[4]) == target)
                {
                    type = fields[separator + 1];
                }
            }
        }

        return type;
    }

    public static bool IsMounted(string path) => TypeAt(path) is not null;

    /// <summary>mountinfo writes space, tab, newline and backslash as octal escapes (\040).</summary>
    private static string Unescape(string field)
    {
        if (!field.Contains('\\', StringComparison.Ordinal))
        {
            return field;
        }

        var text = new StringBuilder(field.Length);
        for (var i = 0; i < field.Length; i++)
        {
            if (
                field[i] == '\\'
                && i + 3 < field.Length
                && field.AsSpan(i + 1, 3).ContainsOnlyOctal()
            )
            {
                text.Append((char)Convert.ToInt32(field.Substring(i + 1, 3), 8));
                i += 3;
            }
            else
            {
                text.Append(field[i]);
            }
        }

        return text.ToString();
    }

    private static bool ContainsOnlyOctal(this ReadOnlySpan<char> digits)
    {
        foreach (var digit in digits)
        {
            if (digit is < '0' or > '7')
            {
                return false;
            }
        }

        return true;
    }
}
