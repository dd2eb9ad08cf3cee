namespace Sluice.Domain.Naming.Parsing;

/// <summary>
/// Keeps one year: one in brackets if any, else the last before the first technical marker
/// (titles like "2001.A.Space.Odyssey.1968" and "Blade.Runner.2049.2017" carry numbers that look
/// like years), else the first after it.
/// </summary>
internal static partial class SegmentParser
{
    /// <summary>
    /// Keeps one year: one in brackets if any, else the last before the first technical marker
    /// (titles like "2001.A.Space.Odyssey.1968" and "Blade.Runner.2049.2017" carry numbers that
    /// look like years), else the first after it.
    /// </summary>
    private static void ChooseYear(ClaimContext context)
    {
        var years = context.Claims.Ordered().Where(claim => claim.Kind == ClaimKind.Year).ToList();
        if (years.Count == 0)
        {
            return;
        }

        var chosen = years.Find(year => context.Enclosures.PairAt(year.Start) >= 0);
        if (chosen is null)
        {
            var tokens = Tokenizer.Build(context);
            var first = FirstContent(tokens);
            var candidates = new List<Claim>(years);
            if (first >= 0 && tokens[first].Claim == years[0])
            {
                // A leading year is the title ("1984.DVDRip") unless it is the only year and words follow it.
                var next = NextSignificant(tokens, first, +1);
                var wordsFollow =
                    next >= 0 && tokens[next].IsWord && tokens[next].Text.Any(char.IsLetter);
                if (years.Count > 1 || !wordsFollow)
                {
                    candidates.RemoveAt(0);
                }
            }

            var firstMarker =
                context
                    .Claims.Ordered()
                    .FirstOrDefault(claim => !claim.Weak && IsMarker(claim.Kind))
                    ?.Start
                ?? int.MaxValue;
            chosen =
                candidates.LastOrDefault(year => year.End <= firstMarker)
                ?? candidates.FirstOrDefault();
        }

        foreach (var year in years)
        {
            context.Claims.Remove(year);
        }

        if (chosen is not null)
        {
            context.Claims.TryAdd(chosen with { Weak = false });
        }
    }
}
