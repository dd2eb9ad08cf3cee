using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Spectre.Console;

namespace Sluice.Cli.Ctl;

/// <summary>Printing a plan, following an operation to its end, and `ctl library ops`.</summary>
public static partial class LibraryCommand
{
    private static void PrintPlan(JsonElement plan)
    {
        Console.WriteLine(plan.GetProperty("summary").GetString());
        var steps = plan.GetProperty("steps").EnumerateArray().ToList();
        if (steps.Count == 0)
        {
            Console.WriteLine("  nothing to do");
        }

        foreach (var group in steps.GroupBy(s => s.GetProperty("where").GetString()))
        {
            Console.WriteLine($"  {group.Key}:");
            foreach (var step in group)
            {
                Console.WriteLine($"    {step.GetProperty("text").GetString()}");
            }
        }

        foreach (var note in plan.GetProperty("notes").EnumerateArray())
        {
            Console.WriteLine($"  note: {note.GetString()}");
        }
    }

    /// <summary>Polls the operation until it is done or failed, printing its progress.</summary>
    private static async Task<int> FollowAsync(
        NodeClient client,
        long id,
        bool json,
        CancellationToken ct
    )
    {
        var last = -1;
        while (true)
        {
            var op = await client.SendAsync(HttpMethod.Get, $"/api/library/ops/{id}", ct);
            var state = op.GetProperty("state").GetString();
            var done = op.GetProperty("stepsDone").GetInt32();
            if (!json && done != last)
            {
                Console.WriteLine(
                    $"operation {id}: {done}/{op.GetProperty("stepsTotal").GetInt32()} steps"
                );
                last = done;
            }

            if (state != "running")
            {
                if (json)
                {
                    Console.WriteLine(op.GetRawText());
                }
                else
                {
                    Console.WriteLine(
                        state == "done"
                            ? $"operation {id} done"
                            : $"operation {id} failed: {op.GetProperty("error").GetString()}"
                    );
                }

                return state == "done" ? ExitCodes.Ok : ExitCodes.Error;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(300), TimeProvider.System, ct);
        }
    }

    /// <summary>`ctl library ops`: operations with their progress, newest first.</summary>
    private static Command Ops()
    {
        var command = new Command(
            "ops",
            "Library operations and their progress; an interrupted one shows as resuming."
        )
        {
            CtlCommand.JsonOption,
        };
        command.SetAction(
            (parse, ct) =>
                CtlCommand.WithClientAsync(
                    parse,
                    async client =>
                        CtlCommand.Print(
                            parse,
                            await client.SendAsync(HttpMethod.Get, "/api/library/ops", ct),
                            ops =>
                            {
                                var table = new Table().Border(TableBorder.Rounded);
                                table.AddColumns(
                                    "id",
                                    "tool",
                                    "folder",
                                    "state",
                                    "steps",
                                    "node",
                                    "error"
                                );
                                foreach (var op in ops.EnumerateArray())
                                {
                                    var state = op.GetProperty("state").GetString()!;
                                    table.AddRow(
                                        op.GetProperty("id")
                                            .GetInt64()
                                            .ToString(CultureInfo.InvariantCulture),
                                        op.GetProperty("tool").GetString()!,
                                        Spectre.Console.Markup.Escape(
                                            op.GetProperty("folder").GetString()!
                                        ),
                                        op.GetProperty("resuming").GetBoolean()
                                            ? "resuming"
                                            : state,
                                        $"{op.GetProperty("stepsDone").GetInt32()}/{op.GetProperty("stepsTotal").GetInt32()}",
                                        Spectre.Console.Markup.Escape(
                                            op.TryGetProperty("node", out var n)
                                            && n.ValueKind == JsonValueKind.String
                                                ? n.GetString()!
                                                : ""
                                        ),
                                        Spectre.Console.Markup.Escape(
                                            op.TryGetProperty("error", out var e)
                                            && e.ValueKind == JsonValueKind.String
                                                ? e.GetString()!
                                                : ""
                                        )
                                    );
                                }

                                Spectre.Console.AnsiConsole.Write(table);
                            }
                        )
                )
        );
        return command;
    }
}
