namespace Sluice.Node.Metadata;

/// <summary>
/// Confident matches only: a candidate counts when one of its titles has the parsed title's
/// <see cref="TitleKey"/>, and its year equals the parsed one when both are known. Among
/// several, one matched by its main title beats one matched by an alternative (native,
/// original, synonym), an equal year beats an unknown one, and then the provider's own order
/// (its relevance) decides.
/// </summary>
public static class TitleMatching
{
    public static T? Best<T>(
        IEnumerable<T> candidates,
        MetadataQuery query,
        Func<T, IEnumerable<string?>> mainTitles,
        Func<T, IEnumerable<string?>> otherTitles,
        Func<T, int?> year
    )
        where T : class
    {
        int? Tier(T candidate) =>
            Matches(mainTitles(candidate), query.TitleKey) ? 0
            : Matches(otherTitles(candidate), query.TitleKey) ? 1
            : null;

        bool YearFits(int? candidateYear) =>
            query.Year is null || candidateYear is null || candidateYear == query.Year;

        return candidates
            .Select((candidate, order) => (candidate, order, tier: Tier(candidate)))
            .Where(x => x.tier is not null && YearFits(year(x.candidate)))
            .OrderBy(x => x.tier)
            .ThenBy(x => query.Year is not null && year(x.candidate) == query.Year ? 0 : 1)
            .ThenBy(x => x.order)
            .Select(x => x.candidate)
            .FirstOrDefault();
    }

    private static bool Matches(IEnumerable<string?> titles, string key) =>
        titles.Any(title =>
            !string.IsNullOrWhiteSpace(title)
            && TitleKey.Variants(title).Contains(key, StringComparer.Ordinal)
        );
}
