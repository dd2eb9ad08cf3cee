using System.Globalization;
using System.Text;
using Sluice.Domain.Naming;
using Sluice.Domain.Naming.Scoring;

namespace Sluice.Domain.Tests.Naming;

/// <summary>
/// The parser against every dev corpus, per file and per field. The floors are the product
/// issue's targets (<see cref="AccuracyTargets"/>); a drop below one fails with the misses listed.
/// </summary>
public sealed class CorpusAccuracyTests
{
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

        var below = AccuracyTargets.Below(score);
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
                $"  {field.Field, -18} {field.Matched, 4}/{field.Asserted, -4} {field.Accuracy, 7:P1}  (floor {AccuracyTargets.Floors[field.Field]:P0})"
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
