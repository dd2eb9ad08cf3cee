using System.CommandLine;
using System.Text.Json;
using Spectre.Console;

namespace Sluice.Cli.Ctl;

/// <summary>`ctl items ls [--state S] [--search TEXT] [--json]`.</summary>
public static class ItemsListCommand
{
    public static Command Create()
    {
        var state = new Option<string?>("--state")
        {
            Description =
                "Only items in this state (incoming, sanitized, vaulted, tiered, encoded, notified, failed, cancelled).",
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
        var command = new Command("ls", "List items, newest first.")
        {
            state,
            search,
            limit,
            CtlCommand.JsonOption,
        };
        command.SetAction(
            (parse, ct) =>
                CtlCommand.WithClientAsync(
                    parse,
                    async client =>
                    {
                        var query = new List<string> { $"limit={parse.GetValue(limit)}" };
                        if (parse.GetValue(state) is { } s)
                        {
                            query.Add($"state={Uri.EscapeDataString(s)}");
                        }

                        if (parse.GetValue(search) is { } q)
                        {
                            query.Add($"q={Uri.EscapeDataString(q)}");
                        }

                        var items = await client.SendAsync(
                            HttpMethod.Get,
                            $"/api/items?{string.Join('&', query)}",
                            ct
                        );
                        return CtlCommand.Print(parse, items, Render);
                    }
                )
        );
        return command;
    }

    private static void Render(JsonElement items)
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
                Markup.Escape(Text(item, "id")[..8]),
                Styles.State(Text(item, "state")),
                Markup.Escape(Text(item, "name")),
                Markup.Escape(step.Length == 0 ? "" : $"{step} {job}".Trim()),
                Markup.Escape(Styles.Clip(Text(item, "error"), 60))
            );
        }

        AnsiConsole.Write(table);
    }

    public static string Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
            ? value.ToString()
            : "";
}
