namespace Sluice.Domain.Naming.Scoring;

/// <summary>
/// Minimum share of asserted corpus values the parser must reproduce, per field, on every dev
/// corpus file. From the product issue: numbering and kind nearly always right, titles very
/// often, technical fields usually. absolute_episodes and air_date have no target in the issue;
/// their floors only guard against regressions.
/// </summary>
public static class AccuracyTargets
{
    public static IReadOnlyDictionary<string, double> Floors { get; } =
        new Dictionary<string, double>(StringComparer.Ordinal)
        {
            [ReleaseInfoFields.Episodes] = 0.97,
            [ReleaseInfoFields.Season] = 0.97,
            [ReleaseInfoFields.Year] = 0.97,
            [ReleaseInfoFields.Kind] = 0.97,
            [ReleaseInfoFields.Title] = 0.93,
            [ReleaseInfoFields.ReleaseGroup] = 0.90,
            [ReleaseInfoFields.Resolution] = 0.90,
            [ReleaseInfoFields.Source] = 0.90,
            [ReleaseInfoFields.VideoCodec] = 0.90,
            [ReleaseInfoFields.AbsoluteEpisodes] = 0.90,
            [ReleaseInfoFields.AirDate] = 0.90,
        };

    /// <summary>Fields scored below their floor (fields nothing asserted are never below).</summary>
    public static IReadOnlyList<FieldScore> Below(CorpusScore score)
    {
        ArgumentNullException.ThrowIfNull(score);
        return score
            .Fields.Where(field => field.Asserted > 0 && field.Accuracy < Floors[field.Field])
            .ToArray();
    }
}
