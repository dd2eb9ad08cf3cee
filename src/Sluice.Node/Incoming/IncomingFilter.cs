namespace Sluice.Node.Incoming;

/// <summary>
/// Which files in the incoming folder are media to take. Temp and partial names of download
/// clients and copy tools, hidden files and anything inside hidden folders are never taken:
/// they are unfinished or not the user's media.
/// </summary>
public sealed class IncomingFilter(string root, IEnumerable<string> extensions)
{
    private static readonly string[] PartialSuffixes =
    [
        ".part",
        ".partial",
        ".!qb",
        ".!ut",
        ".tmp",
        ".temp",
        ".crdownload",
        ".download",
        ".filepart",
        ".aria2",
        "~",
    ];

    private readonly HashSet<string> _extensions = new(
        extensions.Select(e => "." + e.TrimStart('.').ToLowerInvariant()),
        StringComparer.Ordinal
    );

    public bool Accepts(string path)
    {
        var relative = Path.GetRelativePath(root, path);
        if (relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative))
        {
            return false;
        }

        var segments = relative.Split(Path.DirectorySeparatorChar);
        if (segments.Any(s => s.StartsWith('.')))
        {
            return false;
        }

        var name = segments[^1].ToLowerInvariant();
        return !PartialSuffixes.Any(name.EndsWith) && _extensions.Contains(Path.GetExtension(name));
    }
}
