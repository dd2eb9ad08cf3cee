using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Spectre.Console;
using static Sluice.Cli.Ctl.ItemsListCommand;

namespace Sluice.Cli.Ctl;

/// <summary>`ctl item show ID`: why is this file stuck, in one command.</summary>
public static class ItemShowCommand
{
    public static Command Create()
    {
        var id = new Argument<string>("id")
        {
            Description = "The item id, or its first few hex digits.",
        };
        var command = new Command(
            "show",
            "Show one item and its timeline: every journal event with time, node, attempt and error."
        )
        {
            id,
            CtlCommand.JsonOption,
        };
        command.SetAction(
            (parse, ct) =>
                CtlCommand.WithClientAsync(
                    parse,
                    async client =>
                    {
                        var item = await client.SendAsync(
                            HttpMethod.Get,
                            $"/api/items/{Uri.EscapeDataString(parse.GetValue(id)!)}",
                            ct
                        );
                        return CtlCommand.Print(parse, item, Render);
                    }
                )
        );
        return command;
    }

    private static void Render(JsonElement item)
    {
        var summary = item.GetProperty("summary");
        var grid = new Grid().AddColumn().AddColumn();
        void Row(string key, string value) => grid.AddRow($"[grey]{key}[/]", value);
        Row("id", Markup.Escape(Text(summary, "id")));
        Row("name", Markup.Escape(Text(summary, "name")));
        Row("state", Styles.State(Text(summary, "state")));
        Row("library", Markup.Escape(Text(summary, "libraryPath")));
        Row("size", Markup.Escape(Text(item, "size")));
        if (item.TryGetProperty("job", out var job) && job.ValueKind == JsonValueKind.Object)
        {
            Row(
                "job",
                Markup.Escape(
                    $"{Text(job, "step")} {Text(job, "state")}, attempt {Text(job, "attempt")}/{Text(job, "maxAttempts")}"
                        + (Text(job, "node") is { Length: > 0 } node ? $" on {node}" : "")
                        + (
                            ProgressText.Describe(job) is { Length: > 0 } progress
                                ? $" · {progress}"
                                : ""
                        )
                )
            );
            if (Text(job, "waiting") is { Length: > 0 } waiting)
            {
                Row("waiting", $"[yellow]{Markup.Escape(waiting)}[/]");
            }
        }

        if (Text(summary, "error") is { Length: > 0 } error)
        {
            Row("error", $"[red]{Markup.Escape(error)}[/]");
        }

        AnsiConsole.Write(grid);
        var timeline = new Table().Border(TableBorder.Rounded).Title("timeline");
        timeline.AddColumns("#", "TIME", "NODE", "TRY", "EVENT");
        foreach (var entry in item.GetProperty("timeline").EnumerateArray())
        {
            var at = DateTimeOffset
                .Parse(Text(entry, "at"), CultureInfo.InvariantCulture)
                .ToLocalTime();
            var text = Markup.Escape(Text(entry, "summary"));
            if (Text(entry, "error") is { Length: > 0 } reason)
            {
                text += $"\n[red]{Markup.Escape(reason)}[/]";
            }

            timeline.AddRow(
                Text(entry, "seq"),
                at.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                Markup.Escape(Text(entry, "node")),
                Text(entry, "attempt"),
                text
            );
        }

        AnsiConsole.Write(timeline);
    }
}
