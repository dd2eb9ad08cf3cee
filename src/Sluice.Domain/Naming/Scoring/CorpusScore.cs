namespace Sluice.Domain.Naming.Scoring;

/// <summary>How many asserted values of one field the parser reproduced.</summary>
public sealed record FieldScore(string Field, int Asserted, int Matched)
{
    /// <summary>Matched / asserted, or 1 when nothing was asserted (nothing to get wrong).</summary>
    public double Accuracy => Asserted == 0 ? 1.0 : (double)Matched / Asserted;
}

/// <summary>One asserted value the parser did not reproduce; <see cref="Actual"/> is null when absent.</summary>
public sealed record CorpusMiss(CorpusCase Case, string Field, object? Expected, object? Actual);

/// <summary>Per-field counts over a set of cases, in schema order, with every miss for diagnosis.</summary>
public sealed record CorpusScore(
    int Cases,
    IReadOnlyList<FieldScore> Fields,
    IReadOnlyList<CorpusMiss> Misses
)
{
    public FieldScore this[string field] =>
        Fields.FirstOrDefault(score => score.Field == field) ?? new FieldScore(field, 0, 0);
}
