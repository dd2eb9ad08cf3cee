using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Spectre.Console;
using static Sluice.Cli.Ctl.ItemsListCommand;

namespace Sluice.Cli.Ctl;

/// <summary>
/// `ctl tail [--item ID] [--after CURSOR] [--count N] [--json]`: the cluster's journal as it
/// happens, one line per event (or one JSON object per line), until Ctrl-C or N events.
/// </summary>
public static class TailCommand
{
    public static Command Create()
    {
        var item = new Option<string?>("--item")
        {
            Description = "Only this item's events (its id or first few hex digits).",
        };
        var after = new Option<string?>("--after")
        {
            Description =
                "Start after this event's cursor (the \"cursor\" of a --json line), replaying what came since; 0-0 replays everything.",
        };
        var count = new Option<int?>("--count")
        {
            Description = "Stop after this many events (for scripts).",
        };
        var command = new Command(
            "tail",
            "Follow the journal of every item in the cluster live: state changes, steps started, completed and failed."
        )
        {
            item,
            after,
            count,
            CtlCommand.JsonOption,
        };
        command.SetAction(
            (parse, ct) =>
                CtlCommand.WithClientAsync(
                    parse,
                    async client =>
                    {
                        var query = new List<string>();
                        if (parse.GetValue(item) is { } id)
                        {
                            query.Add($"item={Uri.EscapeDataString(id)}");
                        }

                        var json = parse.GetValue(CtlCommand.JsonOption);
                        var left = parse.GetValue(count);
                        var stream = new EventStream(client, TimeProvider.System, Console.Error);
                        try
                        {
                            await foreach (
                                var e in stream.ReadAsync(
                                    "/api/events"
                                        + (query.Count > 0 ? "?" + string.Join('&', query) : ""),
                                    parse.GetValue(after),
                                    ct
                                )
                            )
                            {
                                if (e.Type == "hello")
                                {
                                    await Console.Error.WriteLineAsync(
                                        $"sluice ctl: following {client.Node} from {e.Id} (Ctrl-C to stop)"
                                    );
                                }

                                if (e.Type != "item")
                                {
                                    continue;
                                }

                                if (json)
                                {
                                    Console.WriteLine(e.Data.GetRawText());
                                }
                                else
                                {
                                    Print(e.Data);
                                }

                                if (left is not null && --left <= 0)
                                {
                                    break;
                                }
                            }
                        }
                        catch (OperationCanceledException) when (ct.IsCancellationRequested)
                        {
                            // Ctrl-C: the normal way to stop following.
                        }

                        return ExitCodes.Ok;
                    }
                )
        );
        return command;
    }

    private static void Print(JsonElement data)
    {
        var e = data.GetProperty("event");
        var at = DateTimeOffset
            .Parse(Text(e, "at"), CultureInfo.InvariantCulture)
            .ToLocalTime()
            .ToString("HH:mm:ss", CultureInfo.InvariantCulture);
        var type = Text(e, "type");
        var colour = type switch
        {
            "quarantined" or "step-failed" or "lease-expired" => "red",
            "notified" => "green",
            "step-started" => "grey",
            "cancelled" or "skipped" => "yellow",
            _ => "default",
        };
        var node = Text(e, "node").PadRight(10);
        var id = Styles.Short(Text(data, "itemId"));
        var name = Styles.Clip(Text(data, "name"), 40);
        var summary = Text(e, "summary");
        var error = Text(e, "error");
        if (Console.IsOutputRedirected)
        {
            // One event, one line, never wrapped: a pipe reads it with grep or awk.
            Console.WriteLine(
                $"{at} {node} {id} {name} {summary}{(error.Length > 0 ? $" — {error}" : "")}"
            );
            return;
        }

        AnsiConsole.MarkupLine(
            $"[grey]{at}[/] {Markup.Escape(node)} {Markup.Escape(id)} [bold]{Markup.Escape(name)}[/] [{colour}]{Markup.Escape(summary)}[/]"
        );
        if (error.Length > 0)
        {
            AnsiConsole.MarkupLine($"         [red]{Markup.Escape(error)}[/]");
        }
    }
}
