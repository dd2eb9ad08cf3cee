using System.Text;
using System.Text.RegularExpressions;

namespace Sluice.Node.Metadata;

/// <summary>
/// A title reduced to what release names and providers agree on: lower case, Latin accents
/// folded ("Pokémon" is "pokemon"), full-width forms narrowed, apostrophes dropped
/// ("Journey's" is "journeys"), "&amp;" read as "and", "×" as a separate "x", and every other punctuation
/// mark a single space. Written by hand because the node runs with invariant globalization,
/// where <see cref="string.Normalize()"/> does nothing.
/// </summary>
public static partial class TitleKey
{
    // U+00C0..U+00FF; '?' marks the letters Fold spells with two (Æ, Þ, ß) or treats apart (×, ÷).
    private const string Latin1 =
        "aaaaaa?ceeeeiiiidnooooo?ouuuuy??aaaaaa?ceeeeiiiidnooooo?ouuuuy?y";

    // U+0100..U+017F (Latin Extended-A), in upper/lower pairs; '?' as above (Ĳ, Œ).
    private const string LatinExtendedA =
        "aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiii??jjkkkllllllllllnnnnnnnnnoooooo??rrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs";

    public static string Of(string title)
    {
        var text = new StringBuilder(title.Length);
        var space = true; // no leading space
        foreach (var c in title)
        {
            var folded = Fold(c);
            if (folded.Length == 0)
            {
                continue; // apostrophes join their word
            }

            foreach (var f in folded)
            {
                if (char.IsLetterOrDigit(f))
                {
                    text.Append(char.ToLowerInvariant(f));
                    space = false;
                }
                else if (!space)
                {
                    text.Append(' ');
                    space = true;
                }
            }
        }

        return text.ToString().TrimEnd();
    }

    /// <summary>
    /// The keys a provider's title stands for: itself, and without a trailing "(2011)" that
    /// providers add to tell remakes apart ("HUNTER×HUNTER (2011)") and release names write as
    /// a separate year.
    /// </summary>
    public static IEnumerable<string> Variants(string title)
    {
        yield return Of(title);
        var match = TrailingYear().Match(title);
        if (match.Success && match.Index > 0)
        {
            yield return Of(title[..match.Index]);
        }
    }

    private static string Fold(char c) =>
        c switch
        {
            '\'' or '\u2018' or '\u2019' or '`' or '\u00B4' => "",
            '&' => " and ",
            '\u00D7' => " x ", // "HUNTER×HUNTER", "SPY×FAMILY" are written "x" in names
            '\u00C6' or '\u00E6' => "ae",
            '\u00DE' or '\u00FE' => "th",
            '\u00DF' => "ss",
            '\u0132' or '\u0133' => "ij",
            '\u0152' or '\u0153' => "oe",
            >= '\u00C0' and <= '\u00FF' when Latin1[c - '\u00C0'] != '?' => Latin1[c - '\u00C0']
                .ToString(),
            >= '\u0100' and <= '\u017F' when LatinExtendedA[c - '\u0100'] != '?' => LatinExtendedA[
                c - '\u0100'
            ]
                .ToString(),
            >= '\uFF01' and <= '\uFF5E' => ((char)(c - 0xFEE0)).ToString(),
            _ => c.ToString(),
        };

    [GeneratedRegex(@"\s*\(\d{4}\)\s*$")]
    private static partial Regex TrailingYear();
}
