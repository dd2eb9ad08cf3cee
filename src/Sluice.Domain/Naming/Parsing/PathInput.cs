using System.Text;

namespace Sluice.Domain.Naming.Parsing;

/// <summary>
/// A name split into folders (root first) and the file stem, with a known extension removed.
/// Only extensions from a closed list count: scene names end in ".VTV" or ".Mp4.1080p" as often
/// as in a real extension, and guessing would eat release groups.
/// </summary>
internal sealed record PathInput(IReadOnlyList<string> Folders, string Stem, string? Extension)
{
    // Longer inputs are not file names; the tail is where the file name is.
    private const int MaxLength = 4096;

    private static readonly HashSet<string> KnownExtensions = new(StringComparer.OrdinalIgnoreCase)
    {
        "mkv",
        "mk3d",
        "mp4",
        "m4v",
        "avi",
        "wmv",
        "mov",
        "flv",
        "webm",
        "ts",
        "m2ts",
        "mts",
        "mpg",
        "mpeg",
        "ogm",
        "ogv",
        "rm",
        "rmvb",
        "divx",
        "vob",
        "iso",
        "3gp",
        "srt",
        "ass",
        "ssa",
        "sub",
        "idx",
        "sup",
        "vtt",
        "nfo",
        "torrent",
        "nzb",
        "7z",
        "zip",
        "rar",
        "par2",
        "sfv",
        "txt",
        "jpg",
        "png",
    };

    public static PathInput Split(string? name)
    {
        var text = Clean(name ?? "");
        var parts = SplitOutsideBrackets(text)
            .Select(part => part.Trim())
            .Where(part => part.Length > 0 && part != "." && part != "..")
            .ToList();
        if (parts.Count == 0)
        {
            return new PathInput([], "", null);
        }

        var file = parts[^1];
        parts.RemoveAt(parts.Count - 1);
        var dot = file.LastIndexOf('.');
        if (dot > 0 && KnownExtensions.Contains(file[(dot + 1)..]))
        {
            return new PathInput(parts, file[..dot].Trim(), file[(dot + 1)..].ToLowerInvariant());
        }

        return new PathInput(parts, file, null);
    }

    // "[夏日重現/Summer Time Rendering][01]": a slash inside brackets is part of a name.
    private static List<string> SplitOutsideBrackets(string text)
    {
        var enclosures = Enclosures.Find(text);
        var parts = new List<string>();
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] is '/' or '\\' && enclosures.PairAt(i) < 0)
            {
                parts.Add(text[start..i]);
                start = i + 1;
            }
        }

        parts.Add(text[start..]);
        return parts;
    }

    // Control characters, bidi overrides and lone surrogates carry no meaning in a release
    // name; turning them into spaces keeps every later rule working on printable text.
    private static string Clean(string name)
    {
        if (name.Length > MaxLength)
        {
            name = name[^MaxLength..];
        }

        var builder = new StringBuilder(name.Length);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsHighSurrogate(c) && i + 1 < name.Length && char.IsLowSurrogate(name[i + 1]))
            {
                builder.Append(c).Append(name[i + 1]);
                i++;
            }
            else if (char.IsSurrogate(c) || char.IsControl(c) || IsInvisibleFormat(c))
            {
                builder.Append(' ');
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    private static bool IsInvisibleFormat(char c) =>
        c
            is (>= '\u200B' and <= '\u200F')
                or (>= '\u202A' and <= '\u202E')
                or (>= '\u2066' and <= '\u2069')
                or '\uFEFF';
}
