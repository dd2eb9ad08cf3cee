using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Spectre.Console;
using static Sluice.Cli.Ctl.ItemsListCommand;

namespace Sluice.Cli.Ctl;

/// <summary>
/// `ctl jobs [--watch] [--json]`: the steps running in the cluster with their progress. With
/// --watch they update live: progress bars in a terminal, one plain line per change when the
/// output is a file or a pipe, one JSON array per change with --json.
/// </summary>
public static class JobsCommand
{
    public static Command Create()
    {
        var watch = new Option<bool>("--watch")
        {
            Description = "Keep watching: live progress bars until Ctrl-C.",
        };
        var command = new Command(
            "jobs",
            "The steps running now on every node: encodes, uploads and the rest, with their progress."
        )
        {
            watch,
            CtlCommand.JsonOption,
        };
        command.SetAction(
            (parse, ct) =>
                CtlCommand.WithClientAsync(
                    parse,
                    async client =>
                    {
                        if (!parse.GetValue(watch))
                        {
                            return CtlCommand.Print(
                                parse,
                                await client.SendAsync(HttpMethod.Get, "/api/jobs", ct),
                                Render
                            );
                        }

                        var updates = new EventStream(client, TimeProvider.System, Console.Error)
                            .ReadAsync("/api/events", null, ct)
                            .Where(e => e.Type == "jobs")
                            .Select(e => e.Data);
                        try
                        {
                            if (parse.GetValue(CtlCommand.JsonOption))
                            {
                                await foreach (var jobs in updates)
                                {
                                    Console.WriteLine(jobs.GetRawText());
                                }
                            }
                            else if (
                                Console.IsOutputRedirected
                                || !AnsiConsole.Profile.Capabilities.Interactive
                            )
                            {
                                await PlainAsync(updates);
                            }
                            else
                            {
                                await BarsAsync(updates);
                            }
                        }
                        catch (OperationCanceledException) when (ct.IsCancellationRequested)
                        {
                            // Ctrl-C ends the watch.
                        }

                        return ExitCodes.Ok;
                    }
                )
        );
        return command;
    }

    private static string Label(JsonElement job) =>
        $"{Text(job, "step")} {Styles.Short(Text(job, "itemId"))} {Styles.Clip(Text(job, "name"), 40)} on {Text(job, "node")}";

    private static void Render(JsonElement jobs)
    {
        if (jobs.GetArrayLength() == 0)
        {
            AnsiConsole.MarkupLine("[grey]Nothing running.[/]");
            return;
        }

        var table = new Table().Border(TableBorder.Rounded);
        table.AddColumns("ITEM", "NAME", "STEP", "NODE", "TRY", "PROGRESS");
        foreach (var job in jobs.EnumerateArray())
        {
            table.AddRow(
                Markup.Escape(Styles.Short(Text(job, "itemId"))),
                Markup.Escape(Styles.Clip(Text(job, "name"), 50)),
                Markup.Escape(Text(job, "step")),
                Markup.Escape(Text(job, "node")),
                $"{Text(job, "attempt")}/{Text(job, "maxAttempts")}",
                Markup.Escape(ProgressText.Describe(job))
            );
        }

        AnsiConsole.Write(table);
    }

    /// <summary>For logs and pipes: a line when a job starts, moves on or ends.</summary>
    private static async Task PlainAsync(IAsyncEnumerable<JsonElement> updates)
    {
        var shown = new Dictionary<string, (string Label, string Progress)>();
        await foreach (var jobs in updates)
        {
            var now = TimeProvider
                .System.GetLocalNow()
                .ToString("HH:mm:ss", CultureInfo.InvariantCulture);
            var current = jobs.EnumerateArray().ToDictionary(j => Text(j, "jobId"));
            foreach (var (id, job) in current)
            {
                var progress = ProgressText.Describe(job);
                if (!shown.TryGetValue(id, out var before) || before.Progress != progress)
                {
                    Console.WriteLine($"{now} {Label(job)} {progress}".TrimEnd());
                    shown[id] = (Label(job), progress);
                }
            }

            foreach (var gone in shown.Keys.Except(current.Keys).ToList())
            {
                Console.WriteLine($"{now} {shown[gone].Label} ended");
                shown.Remove(gone);
            }
        }
    }

    /// <summary>For a terminal: one bar per running job, gone when the job ends.</summary>
    private static Task BarsAsync(IAsyncEnumerable<JsonElement> updates) =>
        AnsiConsole
            .Progress()
            .AutoClear(false)
            .HideCompleted(true)
            .Columns(
                new TaskDescriptionColumn { Alignment = Justify.Left },
                new ProgressBarColumn(),
                new PercentageColumn(),
                new SpinnerColumn()
            )
            .StartAsync(async context =>
            {
                var bars = new Dictionary<string, ProgressTask>();
                await foreach (var jobs in updates)
                {
                    var current = jobs.EnumerateArray().ToDictionary(j => Text(j, "jobId"));
                    foreach (var (id, job) in current)
                    {
                        if (!bars.TryGetValue(id, out var bar))
                        {
                            bar = context.AddTask(Markup.Escape(Label(job)), maxValue: 100);
                            bars[id] = bar;
                        }

                        var percent = ProgressText.Percent(job);
                        bar.IsIndeterminate = percent is null;
                        bar.Value = percent ?? 0;
                        bar.Description = Markup.Escape(
                            $"{Label(job)} {ProgressText.Describe(job)}".TrimEnd()
                        );
                    }

                    foreach (var gone in bars.Keys.Except(current.Keys).ToList())
                    {
                        bars[gone].Value = 100;
                        bars[gone].StopTask();
                        bars.Remove(gone);
                    }
                }
            });
}
