using System.Text.RegularExpressions;

namespace Sluice.Domain.Naming.Parsing;

/// <summary>One name being claimed: its text, brackets and claims so far.</summary>
internal sealed class ClaimContext
{
    public ClaimContext(string text)
    {
        Text = text;
        Enclosures = Enclosures.Find(text);
        Claims = new ClaimSet(text);
    }

    public string Text { get; }
    public Enclosures Enclosures { get; }
    public ClaimSet Claims { get; }

    /// <summary>Claims every free match of <paramref name="regex"/> that <paramref name="make"/> accepts.</summary>
    public void ClaimAll(Regex regex, Func<Match, Claim?> make)
    {
        foreach (Match match in regex.Matches(Text))
        {
            if (Claims.IsFree(match.Index, match.Index + match.Length) && make(match) is { } claim)
            {
                Claims.TryAdd(claim);
            }
        }
    }

    /// <summary>Claims every free match as <paramref name="kind"/> with the matched text as value.</summary>
    public void ClaimAll(Regex regex, ClaimKind kind, bool weak = false) =>
        ClaimAll(
            regex,
            match => new Claim(match.Index, match.Index + match.Length, kind)
            {
                Value = match.Value,
                Weak = weak,
            }
        );

    /// <summary>Whether the pair containing <paramref name="start"/>..<paramref name="end"/> holds exactly that span (trimmed).</summary>
    public bool FillsBracket(int start, int end)
    {
        var pair = Enclosures.PairAt(start);
        if (pair < 0 || Enclosures.PairAt(end - 1) != pair)
        {
            return false;
        }

        var (open, close) = Enclosures.Pairs[pair];
        return Text[(open + 1)..start].Trim().Length == 0 && Text[end..close].Trim().Length == 0;
    }
}
