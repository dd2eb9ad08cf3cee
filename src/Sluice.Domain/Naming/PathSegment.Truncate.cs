using System.Text;
using System.Text.RegularExpressions;

namespace Sluice.Domain.Naming;

/// <summary>Byte-bounded truncation that never splits a character and keeps a file extension.</summary>
public static partial class PathSegment
{
    [GeneratedRegex(@"\.[A-Za-z0-9]{1,5}$", RegexOptions.CultureInvariant)]
    private static partial Regex Extension();

    /// <summary>Cuts <paramref name="text"/> to <paramref name="maxUtf8Bytes"/>, keeping a trailing ".ext".</summary>
    internal static string Truncate(string text, int maxUtf8Bytes)
    {
        if (Encoding.UTF8.GetByteCount(text) <= maxUtf8Bytes)
        {
            return text;
        }

        var extension = Extension().Match(text) is { Success: true, Index: > 0 } match
            ? match.Value
            : "";
        var stem = text[..^extension.Length];
        var budget = maxUtf8Bytes - Encoding.UTF8.GetByteCount(extension);
        return CutToBytes(stem, budget).TrimEnd('.', ' ') + extension;
    }

    // Whole runes only: a cut through a surrogate pair or a multi-byte sequence would leave an
    // invalid name behind.
    private static string CutToBytes(string text, int budget)
    {
        var used = 0;
        var end = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            if (used + rune.Utf8SequenceLength > budget)
            {
                break;
            }

            used += rune.Utf8SequenceLength;
            end += rune.Utf16SequenceLength;
        }

        return text[..end];
    }
}
