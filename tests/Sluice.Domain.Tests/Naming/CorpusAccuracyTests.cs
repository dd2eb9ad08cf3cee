using System.Globalization;
using System.Text;
using Sluice.Domain.Naming;
using Sluice.Domain.Naming.Scoring;

namespace Sluice.Domain.Tests.Naming;

/// <summary>
/// The parser against every dev corpus, per file and per field. The floors are the product
/// issue's targets; a drop below one is a regression, and the failure lists the misses.
/// </summary>
public sealed class CorpusAccuracyTests
{
    // From the issue: numbering and kind must be nearly always right, titles very often,
    // technical fields usually. absolute_episodes and air_date have no target there; their floors
    // guard against regressions only.
    private static readonly Dictionary<string, double> Floors = new(StringComparer.Ordinal)
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

    public static TheoryData<string> DevFiles() => [.. CorpusFiles.DevFileNames()];

    [Fact]
    public void The_dev_corpora_are_present()
    {
        CorpusFiles
            .DevFileNames()
            .ShouldBe(
                [
                    "anitomy.jsonl",
                    "anitopy.jsonl",
                    "guessit_episodes.jsonl",
                    "guessit_movies.jsonl",
                    "guessit_various.jsonl",
                ],
                ignoreOrder: true
            );
    }

    [Theory]
    [MemberData(nameof(DevFiles))]
    public void The_parser_meets_the_accuracy_floor_of_every_field(string file)
    {
        var score = CorpusScorer.Score(CorpusFiles.Load(file), ReleaseParser.Parse);
        TestContext.Current.TestOutputHelper?.WriteLine(Describe(file, score));

        var below = score
            .Fields.Where(field => field.Asserted > 0 && field.Accuracy < Floors[field.Field])
            .ToArray();
        below.ShouldBeEmpty(
            Describe(
                file,
                score,
                below.Select(field => field.Field).ToHashSet(StringComparer.Ordinal)
            )
        );
    }

    private static string Describe(string file, CorpusScore score, HashSet<string>? failing = null)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"{file}: {score.Cases} cases");
        foreach (var field in score.Fields.Where(field => field.Asserted > 0))
        {
            text.AppendLine(
                CultureInfo.InvariantCulture,
                $"  {field.Field, -18} {field.Matched, 4}/{field.Asserted, -4} {field.Accuracy, 7:P1}  (floor {Floors[field.Field]:P0})"
            );
        }

        foreach (var miss in score.Misses.Where(miss => failing?.Contains(miss.Field) ?? false))
        {
            text.AppendLine(
                CultureInfo.InvariantCulture,
                $"  miss {miss.Field}: expected {Show(miss.Expected)}, got {Show(miss.Actual)} <- {miss.Case.Input}"
            );
        }

        return text.ToString();
    }

    private static string Show(object? value) =>
        value switch
        {
            null => "nothing",
            IReadOnlyList<int> list => "[" + string.Join(", ", list) + "]",
            _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
        };
}
