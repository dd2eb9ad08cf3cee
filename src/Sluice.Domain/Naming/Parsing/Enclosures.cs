namespace Sluice.Domain.Naming.Parsing;

/// <summary>
/// Matched bracket pairs of a name. Unmatched brackets ("[[Zero-Raws]", "[DVDRIP VP7 KEGGERMAN")
/// are left as plain characters rather than guessed at.
/// </summary>
internal sealed class Enclosures
{
    private readonly int[] innermost; // pair index containing each char (brackets included), or -1

    private Enclosures(IReadOnlyList<(int Open, int Close)> pairs, int[] innermost)
    {
        Pairs = pairs;
        this.innermost = innermost;
    }

    /// <summary>Pairs in order of their opening bracket.</summary>
    public IReadOnlyList<(int Open, int Close)> Pairs { get; }

    public static Enclosures Find(string text)
    {
        var pairs = new List<(int Open, int Close)>();
        var stack = new Stack<(int Index, char Closer)>();
        for (var i = 0; i < text.Length; i++)
        {
            var closer = CloserOf(text[i]);
            if (closer != '\0')
            {
                stack.Push((i, closer));
                continue;
            }

            if (!IsCloser(text[i]))
            {
                continue;
            }

            // Close the nearest opener of the same kind; openers skipped over were unmatched.
            var skipped = new Stack<(int Index, char Closer)>();
            while (stack.Count > 0 && stack.Peek().Closer != text[i])
            {
                skipped.Push(stack.Pop());
            }

            if (stack.Count > 0)
            {
                pairs.Add((stack.Pop().Index, i));
            }
            else
            {
                while (skipped.Count > 0)
                {
                    stack.Push(skipped.Pop());
                }
            }
        }

        pairs.Sort((a, b) => a.Open.CompareTo(b.Open));
        var innermost = new int[text.Length];
        Array.Fill(innermost, -1);
        for (var p = 0; p < pairs.Count; p++)
        {
            // Later-opening pairs are nested deeper, so they overwrite their parents.
            for (var i = pairs[p].Open; i <= pairs[p].Close; i++)
            {
                innermost[i] = p;
            }
        }

        return new Enclosures(pairs, innermost);
    }

    /// <summary>The innermost pair holding <paramref name="index"/>, or -1 at top level.</summary>
    public int PairAt(int index) => index >= 0 && index < innermost.Length ? innermost[index] : -1;

    /// <summary>Whether the char at <paramref name="index"/> is the opening or closing bracket of a pair.</summary>
    public bool IsBracket(int index)
    {
        var pair = PairAt(index);
        return pair >= 0 && (Pairs[pair].Open == index || Pairs[pair].Close == index);
    }

    /// <summary>The pair that directly contains <paramref name="pair"/>, or -1.</summary>
    public int Parent(int pair) =>
        pair < 0 ? -1
        : PairAt(Pairs[pair].Open - 1) is var outer
        && outer >= 0
        && Pairs[outer].Close > Pairs[pair].Close
            ? outer
        : -1;

    public static bool IsRoundOpener(char c) => c is '(' or '（';

    // 「」 are not brackets: 「K」 is a title.
    private const string Openers = "([{【（";
    private const string Closers = ")]}】）";

    private static char CloserOf(char c) =>
        Openers.IndexOf(c, StringComparison.Ordinal) is var index and >= 0 ? Closers[index] : '\0';

    private static bool IsCloser(char c) => Closers.Contains(c, StringComparison.Ordinal);
}
