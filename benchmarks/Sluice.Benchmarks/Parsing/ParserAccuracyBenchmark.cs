using System.Globalization;
using Sluice.Domain.Naming;
using Sluice.Domain.Naming.Scoring;

namespace Sluice.Benchmarks.Parsing;

/// <summary>
/// Scores <see cref="ReleaseParser"/> against every corpus file (*.jsonl) in a folder and prints
/// accuracy per file and per field, the issue's targets, and parse throughput. Exit code: 0 when
/// every field meets its target, 1 when one does not, 2 when there is nothing to score.
/// </summary>
public static class ParserAccuracyBenchmark
{
    // Warm-up lets tiered compilation settle: the generated regex code is large and runs
    // unoptimised for seconds (about 4x slower). The measure is long enough for a stable
    // names/s figure and short enough for a CI log.
    private static readonly TimeSpan WarmUpFor = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan MeasureFor = TimeSpan.FromSeconds(2);

    private const int ColumnWidth = 11;

    public static int Run(string corporaDir, TextWriter output) =>
        Run(corporaDir, output, TimeProvider.System);

    public static int Run(string corporaDir, TextWriter output, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(time);
        var files = Directory.Exists(corporaDir)
            ? Directory
                .GetFiles(corporaDir, "*.jsonl", SearchOption.AllDirectories)
                .Order(StringComparer.Ordinal)
                .ToArray()
            : [];
        if (files.Length == 0)
        {
            output.WriteLine($"No *.jsonl corpus under '{corporaDir}'.");
            return 2;
        }

        var corpora = files
            .Select(file =>
                (Name: Path.GetRelativePath(corporaDir, file), Cases: Load(corporaDir, file))
            )
            .ToArray();
        var scores = corpora
            .Select(corpus =>
                (corpus.Name, Score: CorpusScorer.Score(corpus.Cases, ReleaseParser.Parse))
            )
            .ToArray();
        var all = CorpusScorer.Score(
            corpora.SelectMany(corpus => corpus.Cases),
            ReleaseParser.Parse
        );

        WriteTable(output, scores, all);
        var failing = scores
            .SelectMany(score =>
                AccuracyTargets.Below(score.Score).Select(field => $"{score.Name}:{field.Field}")
            )
            .ToArray();
        output.WriteLine(
            failing.Length == 0
                ? "All fields meet their targets."
                : $"Below target: {string.Join(", ", failing)}"
        );
        WriteThroughput(
            output,
            corpora.SelectMany(corpus => corpus.Cases).Select(@case => @case.Input).ToArray(),
            time
        );
        return failing.Length == 0 ? 0 : 1;
    }

    private static List<CorpusCase> Load(string root, string file)
    {
        var name = Path.GetRelativePath(root, file);
        return File.ReadLines(file)
            .Where(line => line.Trim().Length > 0)
            .Select(line => CorpusCaseReader.ParseLine(name, line))
            .ToList();
    }

    private static void WriteTable(
        TextWriter output,
        (string Name, CorpusScore Score)[] scores,
        CorpusScore all
    )
    {
        var fields = ReleaseInfoFields.All;
        var nameWidth = Math.Max(8, scores.Max(score => score.Name.Length)) + 2;
        output.WriteLine(
            string.Concat(
                "file".PadRight(nameWidth),
                "cases".PadLeft(6),
                string.Concat(fields.Select(field => Header(field).PadLeft(ColumnWidth)))
            )
        );
        foreach (var (name, score) in scores.Append(("all", all)))
        {
            var cells = fields.Select(field =>
                Cell(score[field], AccuracyTargets.Floors[field]).PadLeft(ColumnWidth)
            );
            output.WriteLine(
                string.Concat(
                    name.PadRight(nameWidth),
                    score.Cases.ToString(CultureInfo.InvariantCulture).PadLeft(6),
                    string.Concat(cells)
                )
            );
        }

        output.WriteLine(
            string.Concat(
                "target".PadRight(nameWidth),
                "".PadLeft(6),
                string.Concat(
                    fields.Select(field =>
                        (Percent(AccuracyTargets.Floors[field], "F0") + " ").PadLeft(ColumnWidth)
                    )
                )
            )
        );
        output.WriteLine(
            "(a cell is accuracy over asserted values; '*' marks a field below its target; '-' nothing asserted)"
        );
    }

    private static long ParseFor(string[] inputs, TimeSpan duration, TimeProvider time)
    {
        var parsed = 0L;
        var start = time.GetTimestamp();
        while (time.GetElapsedTime(start) < duration)
        {
            foreach (var input in inputs)
            {
                ReleaseParser.Parse(input);
            }

            parsed += inputs.Length;
        }

        return parsed;
    }

    // Short column names where the corpus key is wider than a column.
    private static readonly Dictionary<string, string> Headers = new(StringComparer.Ordinal)
    {
        [ReleaseInfoFields.AbsoluteEpisodes] = "absolute",
        [ReleaseInfoFields.ReleaseGroup] = "group",
        [ReleaseInfoFields.VideoCodec] = "codec",
    };

    private static string Header(string field) => Headers.GetValueOrDefault(field, field);

    private static string Cell(FieldScore score, double target) =>
        score.Asserted == 0
            ? "- "
            : Percent(score.Accuracy, "F1") + (score.Accuracy < target ? "*" : " ");

    private static string Percent(double share, string format) =>
        (share * 100).ToString(format, CultureInfo.InvariantCulture) + "%";

    private static void WriteThroughput(TextWriter output, string[] inputs, TimeProvider time)
    {
        ParseFor(inputs, WarmUpFor, time);
        var start = time.GetTimestamp();
        var parsed = ParseFor(inputs, MeasureFor, time);
        var elapsed = time.GetElapsedTime(start);
        var rate = parsed / elapsed.TotalSeconds;
        output.WriteLine(
            string.Create(
                CultureInfo.InvariantCulture,
                $"Throughput: {rate:N0} names/s ({parsed:N0} parses in {elapsed.TotalSeconds:N2} s, {1e6 / rate:N1} µs per name)"
            )
        );
    }
}
