using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Spectre.Console;

namespace Sluice.Cli.Ctl;

/// <summary>`ctl stats [--window SPAN] [--json]`: items per state and throughput over the window.</summary>
public static class StatsCommand
{
    private const string Blocks = " ▁▂▃▄▅▆▇█";

    public static Command Create()
    {
        var window = new Option<string?>("--window")
        {
            Description = "How far back: 01:00:00 (default), 1.00:00:00 for a day, up to 31 days.",
        };
        var command = new Command(
            "stats",
            "Items per state across the cluster, and throughput over time: finished, steps, failures, retries."
        )
        {
            window,
            CtlCommand.JsonOption,
        };
        command.SetAction(
            (parse, ct) =>
                CtlCommand.WithClientAsync(
                    parse,
                    async client =>
                        CtlCommand.Print(
                            parse,
                            await client.SendAsync(
                                HttpMethod.Get,
                                "/api/stats"
                                    + (
                                        parse.GetValue(window) is { } w
                                            ? $"?window={Uri.EscapeDataString(w)}"
                                            : ""
                                    ),
                                ct
                            ),
                            Render
                        )
                )
        );
        return command;
    }

    private static void Render(JsonElement stats)
    {
        var states = new Table().Border(TableBorder.Rounded).Title("items");
        var items = stats.GetProperty("items").EnumerateObject().ToList();
        foreach (var state in items)
        {
            states.AddColumn(new TableColumn(Styles.State(state.Name)).RightAligned());
        }

        states.AddRow([
            .. items.Select(s => s.Value.GetInt64().ToString(CultureInfo.InvariantCulture)),
        ]);
        AnsiConsole.Write(states);

        var buckets = stats.GetProperty("throughput").EnumerateArray().ToList();
        var width = TimeSpan.FromSeconds(stats.GetProperty("bucketSeconds").GetInt32());
        var from = DateTimeOffset
            .Parse(buckets[0].GetProperty("start").GetString()!, CultureInfo.InvariantCulture)
            .ToLocalTime();
        AnsiConsole.MarkupLine(
            $"[grey]since {from:yyyy-MM-dd HH:mm}, one mark per {Span(width)}[/]"
        );
        var chart = new Grid().AddColumn().AddColumn().AddColumn(new GridColumn().RightAligned());
        foreach (
            var (series, colour) in new[]
            {
                ("finished", "green"),
                ("steps", "blue"),
                ("failed", "red"),
                ("retries", "yellow"),
            }
        )
        {
            var values = buckets.Select(b => b.GetProperty(series).GetInt64()).ToList();
            chart.AddRow(
                series,
                $"[{colour}]{Markup.Escape(Sparkline(values))}[/]",
                values.Sum().ToString(CultureInfo.InvariantCulture)
            );
        }

        AnsiConsole.Write(chart);
    }

    /// <summary>One block character per value, scaled to the largest; zero stays blank.</summary>
    public static string Sparkline(IReadOnlyList<long> values)
    {
        var max = values.Count == 0 ? 0 : values.Max();
        return new string([
            .. values.Select(v =>
                max == 0 || v == 0
                    ? Blocks[0]
                    : Blocks[Math.Max(1, (int)Math.Round(v * (Blocks.Length - 1.0) / max))]
            ),
        ]);
    }

    private static string Span(TimeSpan span) =>
        span.TotalHours >= 1 ? $"{span.TotalHours:0.#} h"
        : span.TotalMinutes >= 1 ? $"{span.TotalMinutes:0.#} min"
        : $"{span.TotalSeconds:0} s";
}
