using System.Text;

namespace Sluice.Domain.Naming.Parsing;

/// <summary>
/// A title reduced to lower-case letters and digits, for "is this the same name" questions:
/// "S.H.I.E.L.D." and "S H I E L D" are one title, and so are "Scrubs" and "scrubs".
/// </summary>
internal static class NameKey
{
    public static string Of(string title)
    {
        var key = new StringBuilder(title.Length);
        foreach (var rune in title.EnumerateRunes())
        {
            if (Rune.IsLetterOrDigit(rune))
            {
                key.Append(Rune.ToLowerInvariant(rune).ToString());
            }
        }

        return key.ToString();
    }
}
