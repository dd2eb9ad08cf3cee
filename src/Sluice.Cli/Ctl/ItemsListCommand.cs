using System.CommandLine;
using System.Text.Json;
using Spectre.Console;

namespace Sluice.Cli.Ctl;

/// <summary>`ctl items ls [--state S] [--stage S] [--on NODE] [--running] [--search TEXT] [--limit N] [--offset N] [--json]`.</summary>
public static class ItemsListCommand
{
    public static Command Create()
    {
        var state = new Option<string?>("--state")
        {
            Description =
                "Only items in this state (incoming, sanitized, vaulted, tiered, encoded, notified, failed, cancelled).",
        };
        var stage = new Option<string?>("--stage")
        {
            Description =
                "Only items whose current step is in this stage, or that failed there (sanitize, vault, tier, encode, distribute, notify).",
        };
        var on = new Option<string?>("--on")
        {
            Description = "Only items whose current step runs on, or waits for, this node.",
        };
        var running = new Option<bool>("--running")
        {
            Description = "Only items with a step running now.",
        };
        var search = new Option<string?>("--search")
        {
            Description = "Only items whose name or library path contains this text.",
        };
        var limit = new Option<int>("--limit")
        {
            Description = "At most this many items, newest first.",
            DefaultValueFactory = _ => 200,
        };
        var offset = new Option<int>("--offset")
        {
            Description = "Skip this many matching items first (the next page).",
        };
        var command = new Command("ls", "List items, newest first.")
        {
            state,
            stage,
            on,
            running,
            search,
            limit,
            offset,
            CtlCommand.JsonOption,
        };
        command.SetAction(
            (parse, ct) =>
                CtlCommand.WithClientAsync(
                    parse,
                    async client =>
                    {
                        var query = new List<string> { $"limit={parse.GetValue(limit)}" };
                        void Add(string key, string? value)
                        {
                            if (value is not null)
                            {
                                query.Add($"{key}={Uri.EscapeDataString(value)}");
                            }
                        }

                        Add("state", parse.GetValue(state));
                        Add("stage", parse.GetValue(stage));
                        Add("node", parse.GetValue(on));
                        Add("q", parse.GetValue(search));
                        Add("running", parse.GetValue(running) ? "true" : null);
                        Add(
                            "offset",
                            parse.GetValue(offset) is > 0 and var o
                                ? o.ToString(System.Globalization.CultureInfo.InvariantCulture)
                                : null
                        );
                        var (items, total) = await client.SendForPageAsync(
                            HttpMethod.Get,
                            $"/api/items?{string.Join('&', query)}",
                            ct
                        );
                        return CtlCommand.Print(
                            parse,
                            items,
                            i => Render(i, parse.GetValue(offset), total)
                        );
                    }
                )
        );
        return command;
    }

    private static void Render(JsonElement items, int offset, long? total)
    {
        if (items.GetArrayLength() == 0)
        {
            AnsiConsole.MarkupLine("[grey]No items.[/]");
            return;
        }

        var table = new Table().Border(TableBorder.Rounded);
        table.AddColumns("ID", "STATE", "NAME", "STEP", "NOTE");
        foreach (var item in items.EnumerateArray())
        {
            var step = Text(item, "step");
            var job = Text(item, "jobState");
            table.AddRow(
                Markup.Escape(Styles.Short(Text(item, "id"))),
                Styles.State(Text(item, "state")),
                Markup.Escape(Text(item, "name")),
                Markup.Escape(step.Length == 0 ? "" : $"{step} {job}".Trim()),
                Markup.Escape(Styles.Clip(Text(item, "error"), 60))
            );
        }

        AnsiConsole.Write(table);
        var shown = items.GetArrayLength();
        if (total is { } all && all > shown)
        {
            AnsiConsole.MarkupLine(
                $"[grey]{offset + 1}–{offset + shown} of {all}; next page: --offset {offset + shown}[/]"
            );
        }
    }

    public static string Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
            ? value.ToString()
            : "";
}
