using System.Text.RegularExpressions;
using Sluice.Testing;
using Sluice.Testing.Media;

namespace Sluice.Cli.Tests.EndToEnd;

/// <summary><c>/metrics</c> on a real node after a real item: Prometheus text that a scraper accepts, with the numbers the pipeline produced.</summary>
public sealed partial class MetricsSpecs
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact(Timeout = 300_000)]
    public async Task After_an_item_is_announced_metrics_show_its_state_its_steps_and_the_bytes_vaulted()
    {
        await using var rig = await PipelineRig.CreateAsync(DialectKind.Sqlite, null, Ct);
        var clip = await TestClips.CreateAsync(
            rig.Scratch,
            "Metric.Show.S01E01.mp4",
            new ClipOptions { Container = ClipContainer.Mp4 },
            Ct
        );
        await using var node = await rig.StartNodeAsync(Ct);
        rig.Drop(clip);
        var item = (
            await rig.WaitForItemsAsync(
                node,
                i => i.Count == 1 && i[0].GetProperty("state").GetString() == "notified",
                TimeSpan.FromSeconds(120),
                Ct
            )
        )[0];
        var size = new FileInfo(
            Path.Combine(rig.VaultRoot, item.GetProperty("libraryPath").GetString()!)
        ).Length;

        using var response = await node.Http.GetAsync("/metrics", Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);

        response
            .Content.Headers.ContentType!.ToString()
            .ShouldStartWith("text/plain; version=0.0.4");
        WellFormed(text);
        Value(text, "sluice_items", "state=\"notified\"").ShouldBe(1);
        Value(text, "sluice_items", "state=\"failed\"").ShouldBe(0);
        Value(text, "sluice_step_runs_total", "step=\"vault\",outcome=\"completed\"").ShouldBe(1);
        Value(text, "sluice_step_runs_total", "step=\"notify\",outcome=\"completed\"").ShouldBe(1);
        Value(text, "sluice_step_duration_seconds_count", "step=\"vault\"").ShouldBe(1);
        Value(text, "sluice_step_duration_seconds_bucket", "step=\"vault\",le=\"+Inf\"")
            .ShouldBe(1);
        Value(text, "sluice_vaulted_bytes_total", "destination=").ShouldBe(size);
        Value(text, "sluice_queue_jobs", "queue=\"vault\",state=\"waiting\"").ShouldBe(0);
        Value(text, "sluice_lease_rescues_total", "").ShouldBe(0);
        Value(text, "sluice_step_failures_total", "step=\"encode\"").ShouldBe(0);
    }

    /// <summary>The value of the one sample of <paramref name="name"/> whose labels contain <paramref name="labels"/>.</summary>
    private static double Value(string text, string name, string labels)
    {
        var matches = text.Split('\n')
            .Where(l =>
                l.StartsWith(name + "{", StringComparison.Ordinal)
                || l.StartsWith(name + " ", StringComparison.Ordinal)
            )
            .Where(l => l.Contains(labels, StringComparison.Ordinal))
            .ToList();
        matches.Count.ShouldBe(1, $"one sample of {name} with {labels} in:\n{text}");
        return double.Parse(
            matches[0][(matches[0].LastIndexOf(' ') + 1)..],
            System.Globalization.CultureInfo.InvariantCulture
        );
    }

    /// <summary>Every sample belongs to a family declared once, before it, with its TYPE; every line parses.</summary>
    private static void WellFormed(string text)
    {
        var declared = new HashSet<string>();
        string? current = null;
        foreach (var line in text.Split('\n').Where(l => l.Length > 0))
        {
            if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                current = line.Split(' ')[2];
                declared.Add(current).ShouldBeTrue($"{current} is declared twice");
                continue;
            }

            if (line.StartsWith('#'))
            {
                continue;
            }

            var match = SamplePattern().Match(line);
            match.Success.ShouldBeTrue($"not a sample line: {line}");
            var family = HistogramSuffix().Replace(match.Groups["name"].Value, "");
            (family == current || match.Groups["name"].Value == current).ShouldBeTrue(
                $"{line} is not under its family's TYPE line ({current})"
            );
        }
    }

    [GeneratedRegex(
        """^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{([a-zA-Z_][a-zA-Z0-9_]*="([^"\\]|\\.)*",?)*\})? ([-+0-9.eE]+|[-+]Inf|NaN)$"""
    )]
    private static partial Regex SamplePattern();

    [GeneratedRegex("_(bucket|sum|count)$")]
    private static partial Regex HistogramSuffix();
}
