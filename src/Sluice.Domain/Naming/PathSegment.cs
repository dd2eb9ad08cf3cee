using System.Globalization;
using System.Text;

namespace Sluice.Domain.Naming;

/// <summary>
/// Makes untrusted text (a title read from a release name) safe as one path segment on Linux,
/// Windows and SMB shares: no separators, no control or bidi characters, no hidden or reserved
/// names, nothing a shell or a share could misread, and a bounded UTF-8 length.
/// </summary>
public static partial class PathSegment
{
    /// <summary>What an empty or all-junk input becomes: a segment is never empty.</summary>
    public const string Fallback = "Unknown";

    /// <summary>The longest segment most file systems accept (ext4, NTFS, SMB), in UTF-8 bytes.</summary>
    public const int MaxSegmentBytes = 255;

    private const int MinLimit = 16;

    // Windows refuses these as names, with or without an extension ("CON.mkv").
    private static readonly HashSet<string> ReservedNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "CON",
        "PRN",
        "AUX",
        "NUL",
        "COM1",
        "COM2",
        "COM3",
        "COM4",
        "COM5",
        "COM6",
        "COM7",
        "COM8",
        "COM9",
        "COM¹",
        "COM²",
        "COM³",
        "LPT1",
        "LPT2",
        "LPT3",
        "LPT4",
        "LPT5",
        "LPT6",
        "LPT7",
        "LPT8",
        "LPT9",
        "LPT¹",
        "LPT²",
        "LPT³",
    };

    /// <summary>
    /// Sanitizes <paramref name="raw"/> into one segment of at most <paramref name="maxUtf8Bytes"/>
    /// UTF-8 bytes (180 leaves room for a conflict suffix under the 255-byte limit). A trailing
    /// extension (".mkv") survives truncation.
    /// </summary>
    public static string Sanitize(string raw, int maxUtf8Bytes = 180)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxUtf8Bytes, MinLimit);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxUtf8Bytes, MaxSegmentBytes);
        var text = Tidy(ReplaceUnsafe(raw ?? ""));
        text = Truncate(text, maxUtf8Bytes);
        text = Tidy(text);
        text = AvoidReservedName(text);
        return text.Length == 0 ? Fallback : text;
    }

    /// <summary>Whether <paramref name="segment"/> is already safe: what <see cref="Sanitize"/> guarantees.</summary>
    public static bool IsSafe(string? segment) =>
        !string.IsNullOrEmpty(segment)
        && Encoding.UTF8.GetByteCount(segment) <= MaxSegmentBytes
        && segment[0] is not ('.' or ' ' or '-')
        && segment[^1] is not ('.' or ' ')
        && !IsReserved(segment)
        && HasOnlySafeCharacters(segment);

    private static bool HasOnlySafeCharacters(string segment)
    {
        for (var i = 0; i < segment.Length; i++)
        {
            if (
                char.IsHighSurrogate(segment[i])
                && i + 1 < segment.Length
                && char.IsLowSurrogate(segment[i + 1])
            )
            {
                i++;
                continue;
            }

            if (
                char.IsSurrogate(segment[i])
                || char.IsControl(segment[i])
                || IsFormat(segment[i])
                || segment[i] is '/' or '\\' or '<' or '>' or ':' or '"' or '|' or '?' or '*'
            )
            {
                return false;
            }
        }

        return true;
    }

    // One pass over the text: control characters become spaces (a newline in a title is a
    // word break), invisible formatting and broken surrogates go, characters Windows or SMB
    // refuse get a readable stand-in ("Star Wars: Episode IV" -> "Star Wars - Episode IV").
    private static string ReplaceUnsafe(string raw)
    {
        var builder = new StringBuilder(raw.Length);
        for (var i = 0; i < raw.Length; i++)
        {
            var c = raw[i];
            if (char.IsHighSurrogate(c) && i + 1 < raw.Length && char.IsLowSurrogate(raw[i + 1]))
            {
                builder.Append(c).Append(raw[i + 1]);
                i++;
                continue;
            }

            if (char.IsSurrogate(c) || IsFormat(c))
            {
                continue;
            }

            builder.Append(Replacement(c, i + 1 < raw.Length ? raw[i + 1] : '\0'));
        }

        return builder.ToString();
    }

    private static string Replacement(char c, char next)
    {
        if (char.IsControl(c) || char.IsWhiteSpace(c))
        {
            return " ";
        }

        if (c == ':')
        {
            return next == ' ' ? " -" : "-";
        }

        if (c is '/' or '\\' or '|')
        {
            return "-";
        }

        if (c == '"')
        {
            return "'";
        }

        return c is '<' or '>' or '?' or '*' ? "" : c.ToString();
    }

    private static bool IsFormat(char c) =>
        CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.Format;

    // Single spaces, no leading dots (hidden files, "..") or dashes (read as options by any
    // tool a user points at the library), and no trailing dots or spaces (Windows drops them,
    // so two names would collide). Shell metacharacters stay: Sluice never hands a name to a
    // shell, and "$" or "`" are legal everywhere.
    private static string Tidy(string text)
    {
        var collapsed = string.Join(' ', text.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        return collapsed.TrimStart('.', ' ', '-').TrimEnd('.', ' ');
    }

    private static bool IsReserved(string segment)
    {
        var dot = segment.IndexOf('.', StringComparison.Ordinal);
        var stem = (dot < 0 ? segment : segment[..dot]).TrimEnd(' ');
        return ReservedNames.Contains(stem);
    }

    private static string AvoidReservedName(string segment)
    {
        if (!IsReserved(segment))
        {
            return segment;
        }

        var dot = segment.IndexOf('.', StringComparison.Ordinal);
        return dot < 0
            ? segment + "_"
            : string.Concat(segment.AsSpan(0, dot).TrimEnd(' '), "_", segment.AsSpan(dot));
    }
}
