using Sluice.Domain.Naming;
using Sluice.Domain.Naming.Scoring;

namespace Sluice.Domain.Tests.Naming;

/// <summary>The scoring rules of ../shared/corpora/README.md.</summary>
public sealed class CorpusScorerTests
{
    private static CorpusCase Case(string input, string expectJson) =>
        CorpusCaseReader.ParseLine(
            "test.jsonl",
            $$"""{"source": "test", "input": "{{input}}", "expect": {{expectJson}}}"""
        );

    private static FieldScore Field(CorpusScore score, string field) => score[field];

    [Fact]
    public void A_missing_key_is_not_scored()
    {
        var score = CorpusScorer.Score(
            [Case("x", """{"title": "X"}""")],
            _ => new ReleaseInfo { Title = "X", Year = 1999 }
        );

        Field(score, ReleaseInfoFields.Year).Asserted.ShouldBe(0);
        Field(score, ReleaseInfoFields.Title).Matched.ShouldBe(1);
    }

    [Fact]
    public void Null_asserts_that_the_field_is_absent()
    {
        var cases = new[] { Case("a", """{"year": null}"""), Case("b", """{"year": null}""") };

        var score = CorpusScorer.Score(
            cases,
            input => new ReleaseInfo { Year = input == "a" ? null : 2001 }
        );

        Field(score, ReleaseInfoFields.Year).ShouldBe(new FieldScore(ReleaseInfoFields.Year, 2, 1));
    }

    [Fact]
    public void An_empty_list_asserts_no_episodes()
    {
        var cases = new[] { Case("a", """{"episodes": []}"""), Case("b", """{"episodes": []}""") };

        var score = CorpusScorer.Score(
            cases,
            input => new ReleaseInfo { Episodes = input == "a" ? [] : [3] }
        );

        Field(score, ReleaseInfoFields.Episodes).Matched.ShouldBe(1);
    }

    [Fact]
    public void An_anime_number_counts_as_episode_or_absolute_episode()
    {
        var score = CorpusScorer.Score(
            [Case("a", """{"episodes": [148]}""")],
            _ => new ReleaseInfo { AbsoluteEpisodes = [148] }
        );

        Field(score, ReleaseInfoFields.Episodes).Matched.ShouldBe(1);
    }

    [Fact]
    public void Titles_compare_without_case_and_punctuation()
    {
        var score = CorpusScorer.Score(
            [Case("a", """{"title": "Marvels Agents of S.H.I.E.L.D."}""")],
            _ => new ReleaseInfo { Title = "marvels agents of s h i e l d" }
        );

        Field(score, ReleaseInfoFields.Title).Matched.ShouldBe(1);
    }

    [Fact]
    public void Release_groups_compare_without_case_and_with_underscores_as_spaces()
    {
        var score = CorpusScorer.Score(
            [Case("a", """{"release_group": "Black_Sheep"}""")],
            _ => new ReleaseInfo { ReleaseGroup = "black sheep" }
        );

        Field(score, ReleaseInfoFields.ReleaseGroup).Matched.ShouldBe(1);
    }

    [Fact]
    public void Every_miss_is_reported_with_what_was_found()
    {
        var score = CorpusScorer.Score(
            [Case("a", """{"season": 2}""")],
            _ => new ReleaseInfo { Season = 3 }
        );

        var miss = score.Misses.ShouldHaveSingleItem();
        (miss.Field, miss.Expected, miss.Actual).ShouldBe(
            (ReleaseInfoFields.Season, (object?)2, (object?)3)
        );
    }

    [Fact]
    public void A_line_outside_the_schema_is_rejected()
    {
        Should.Throw<FormatException>(() =>
            CorpusCaseReader.ParseLine("x.jsonl", """{"input": "a", "expect": {"title": true}}""")
        );
    }
}
