using System.CommandLine;
using System.Text.Json;
using Spectre.Console;
using static Sluice.Cli.Ctl.ItemsListCommand;

namespace Sluice.Cli.Ctl;

/// <summary>`ctl notify filter add|remove|list`: what a Discord or webhook channel announces at all.</summary>
public static partial class NotifyAudienceCommands
{
    private static Command Filter()
    {
        var filter = new Command(
            "filter",
            "What a Discord or webhook channel announces: only shows on AniList/MyAnimeList lists or matching terms."
        );
        foreach (
            var (name, method) in new[] { ("add", HttpMethod.Post), ("remove", HttpMethod.Delete) }
        )
        {
            var channel = new Argument<string>("channel")
            {
                Description = "The channel, e.g. discord:announcements.",
            };
            var source = new Argument<string>("source")
            {
                Description =
                    "anilist:USER, mal:USER, term:WORDS (whole words of a title) or regex:PATTERN.",
            };
            var command = new Command(
                name,
                method == HttpMethod.Post
                    ? "Add a source: the channel then announces only items matching one of its sources."
                    : "Remove a source ctl added (the channel announces everything once it has none)."
            )
            {
                channel,
                source,
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
                                    method,
                                    $"/api/notify/filters?channel={Uri.EscapeDataString(parse.GetValue(channel)!)}&source={Uri.EscapeDataString(parse.GetValue(source)!)}",
                                    ct
                                ),
                                r => Console.WriteLine(Text(r, "message"))
                            )
                    )
            );
            filter.Subcommands.Add(command);
        }

        var list = new Command(
            "list",
            "Every channel's filter sources, and how each list's last fetch went."
        )
        {
            CtlCommand.JsonOption,
        };
        list.SetAction(
            (parse, ct) =>
                CtlCommand.WithClientAsync(
                    parse,
                    async client =>
                        CtlCommand.Print(
                            parse,
                            await client.SendAsync(HttpMethod.Get, "/api/notify/filters", ct),
                            rows => AnsiConsole.Write(FilterTable(rows))
                        )
                )
        );
        filter.Subcommands.Add(list);
        return filter;
    }

    private static Table FilterTable(JsonElement rows)
    {
        var table = new Table().Border(TableBorder.Rounded).Title("notify filters");
        table.AddColumns("CHANNEL", "SOURCE", "FROM", "LIST");
        foreach (var f in rows.EnumerateArray())
        {
            var kind = Text(f, "kind");
            var state = kind is "anilist" or "myanimelist"
                ? (Text(f, "shows"), Text(f, "listError")) switch
                {
                    ({ Length: > 0 } shows, { Length: > 0 } error) =>
                        $"[yellow]{shows} shows (stale: {Markup.Escape(error)})[/]",
                    ({ Length: > 0 } shows, _) => $"{shows} shows, fetched {Text(f, "fetchedAt")}",
                    (_, { Length: > 0 } error) => $"[red]never fetched: {Markup.Escape(error)}[/]",
                    _ => "not fetched yet",
                }
                : "-";
            table.AddRow(
                Markup.Escape(Text(f, "channel")),
                Markup.Escape(Text(f, "source")),
                From(f),
                state
            );
        }

        return table;
    }
}
