using Sluice.Domain.Naming.Parsing;

namespace Sluice.Domain.Naming.Scoring;

/// <summary>
/// Scores a parser against corpus cases following the corpus README: a missing key is not
/// scored, null asserts absence, [] asserts an empty list, an anime number counts whether the
/// parser calls it an episode or an absolute episode, titles compare case- and
/// punctuation-insensitively.
/// </summary>
public static class CorpusScorer
{
    public static CorpusScore Score(IEnumerable<CorpusCase> cases, Func<string, ReleaseInfo> parse)
    {
        ArgumentNullException.ThrowIfNull(cases);
        ArgumentNullException.ThrowIfNull(parse);
        var asserted = ReleaseInfoFields.All.ToDictionary(field => field, _ => 0);
        var matched = ReleaseInfoFields.All.ToDictionary(field => field, _ => 0);
        var misses = new List<CorpusMiss>();
        var count = 0;
        foreach (var corpusCase in cases)
        {
            count++;
            var info = parse(corpusCase.Input);
            var actual = ReleaseInfoFields.ToCorpusFields(info);
            foreach (var (field, expected) in corpusCase.Expect)
            {
                if (!asserted.ContainsKey(field))
                {
                    continue; // A key outside the schema is not ours to score.
                }

                asserted[field]++;
                if (Matches(field, expected, info, actual))
                {
                    matched[field]++;
                }
                else
                {
                    misses.Add(
                        new CorpusMiss(corpusCase, field, expected, actual.GetValueOrDefault(field))
                    );
                }
            }
        }

        var fields = ReleaseInfoFields
            .All.Select(field => new FieldScore(field, asserted[field], matched[field]))
            .ToArray();
        return new CorpusScore(count, fields, misses);
    }

    /// <summary>Whether the parsed value satisfies one asserted corpus value.</summary>
    public static bool Matches(
        string field,
        object? expected,
        ReleaseInfo info,
        IReadOnlyDictionary<string, object> actual
    )
    {
        ArgumentNullException.ThrowIfNull(field);
        ArgumentNullException.ThrowIfNull(info);
        ArgumentNullException.ThrowIfNull(actual);
        var found = actual.GetValueOrDefault(field);
        return expected switch
        {
            null => found is null,
            IReadOnlyList<int> { Count: 0 } => found is null,
            IReadOnlyList<int> numbers when field == ReleaseInfoFields.Episodes =>
                numbers.SequenceEqual(info.Episodes)
                    || numbers.SequenceEqual(info.AbsoluteEpisodes),
            IReadOnlyList<int> numbers => found is IReadOnlyList<int> list
                && numbers.SequenceEqual(list),
            int number => found is int value && value == number,
            string text when field == ReleaseInfoFields.Title => found is string title
                && TitleKey(title) == TitleKey(text),
            string text when field == ReleaseInfoFields.ReleaseGroup => found is string group
                && GroupKey(group) == GroupKey(text),
            string text => found is string value
                && string.Equals(value, text, StringComparison.OrdinalIgnoreCase),
            _ => throw new ArgumentException(
                $"Unsupported expected value {expected.GetType().Name} for '{field}'.",
                nameof(expected)
            ),
        };
    }

    /// <summary>Letters and digits only, lower case: "S.H.I.E.L.D." and "S H I E L D" are one title.</summary>
    public static string TitleKey(string title)
    {
        ArgumentNullException.ThrowIfNull(title);
        return NameKey.Of(title);
    }

    // Fansub groups are written with underscores for spaces ("Black_Sheep"); the corpora
    // disagree on whether to keep them, so the scorer treats the two as one.
    private static string GroupKey(string group) =>
        string.Join(' ', group.Replace('_', ' ').Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .ToUpperInvariant();
}
