using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Spectre.Console;

namespace Sluice.Cli.Ctl;

/// <summary>
/// `ctl library move|season|rename|rmdir|delete|ops`: the library tools. Each prints its plan
/// (local steps, each destination's, the journal's) and changes nothing without --apply; with
/// --apply the node stores the plan as an operation and carries it out, and ctl follows it to
/// the end (--no-wait returns at once; the node goes on either way).
/// </summary>
public static partial class LibraryCommand
{
    private static readonly Option<bool> Apply = new("--apply")
    {
        Description = "Carry the plan out. Without it nothing changes.",
    };

    private static readonly Option<bool> NoWait = new("--no-wait")
    {
        Description = "With --apply: return once the operation is started.",
    };

    public static Command Create()
    {
        var library = new Command("library", "Library tools: move, sort, rename and delete shows.");
        var to = new Option<string>("--to")
        {
            Description = "The top folder to move the show to, e.g. Premiered.",
            Required = true,
        };
        var native = new Option<bool>("--native-title")
        {
            Description =
                "Append the show's native-language title (from the stored AniList data, or --title).",
        };
        var title = new Option<string?>("--title")
        {
            Description = "The native-language title to append.",
        };
        library.Subcommands.Add(
            Tool(
                "move",
                "Move a show to another top folder (Shows/X → Premiered/X); later episodes follow it.",
                [to, native, title],
                p =>
                    $"&to={Uri.EscapeDataString(p.GetValue(to)!)}&nativeTitle={(p.GetValue(native) || p.GetValue(title) is not null ? "true" : "false")}"
                    + (p.GetValue(title) is { } t ? $"&title={Uri.EscapeDataString(t)}" : "")
            )
        );
        var season = new Option<int?>("--season")
        {
            Description = "The season number. Default: each episode's parsed season, else 1.",
        };
        library.Subcommands.Add(
            Tool(
                "season",
                "Move a show's loose episodes into Season NN/ folders.",
                [season],
                p =>
                    p.GetValue(season) is { } n
                        ? $"&season={n.ToString(CultureInfo.InvariantCulture)}"
                        : ""
            )
        );
        library.Subcommands.Add(
            Tool(
                "rename",
                "Rename a show's files to clean names again (parser and templates).",
                [],
                _ => ""
            )
        );
        library.Subcommands.Add(
            Tool(
                "rmdir",
                "Remove empty folders (never one that holds anything), locally and on every destination.",
                [],
                _ => "",
                optionalFolder: true
            )
        );
        var yes = new Option<bool>("--yes")
        {
            Description = "Confirm the deletion (needed with --apply).",
        };
        library.Subcommands.Add(
            Tool(
                "delete",
                "Delete a show's files locally and on every destination; its items are marked removed.",
                [yes],
                p => p.GetValue(yes) ? "&yes=true" : ""
            )
        );
        library.Subcommands.Add(Ops());
        return library;
    }

    private static Command Tool(
        string tool,
        string description,
        IReadOnlyList<Option> options,
        Func<ParseResult, string> query,
        bool optionalFolder = false
    )
    {
        var folder = new Argument<string>("folder")
        {
            Description = "The show's folder in the library, e.g. \"Shows/Title\".",
        };
        if (optionalFolder)
        {
            folder.Arity = ArgumentArity.ZeroOrOne;
            folder.Description = "The folder to clean up. Default: the whole library.";
        }

        var command = new Command(tool, description)
        {
            folder,
            Apply,
            NoWait,
            CtlCommand.JsonOption,
        };
        foreach (var option in options)
        {
            command.Options.Add(option);
        }

        command.SetAction(
            (parse, ct) =>
                CtlCommand.WithClientAsync(
                    parse,
                    async client =>
                    {
                        var apply = parse.GetValue(Apply);
                        var plan = await client.SendAsync(
                            HttpMethod.Post,
                            $"/api/library/{tool}?folder={Uri.EscapeDataString(parse.GetValue(folder) ?? "")}&apply={(apply ? "true" : "false")}{query(parse)}",
                            ct
                        );
                        var json = parse.GetValue(CtlCommand.JsonOption);
                        if (json && (!apply || parse.GetValue(NoWait)))
                        {
                            Console.WriteLine(plan.GetRawText());
                            return ExitCodes.Ok;
                        }

                        if (!json)
                        {
                            PrintPlan(plan);
                        }

                        if (!apply)
                        {
                            Console.WriteLine(
                                "Nothing changed: run again with --apply to carry it out."
                            );
                            return ExitCodes.Ok;
                        }

                        if (
                            !plan.TryGetProperty("operation", out var started)
                            || started.ValueKind != JsonValueKind.Number
                        )
                        {
                            Console.WriteLine("Nothing to do.");
                            return ExitCodes.Ok;
                        }

                        var id = started.GetInt64();
                        if (parse.GetValue(NoWait))
                        {
                            Console.WriteLine(
                                $"Operation {id} started; follow it with `sluice ctl library ops`."
                            );
                            return ExitCodes.Ok;
                        }

                        return await FollowAsync(client, id, json, ct);
                    }
                )
        );
        return command;
    }
}
