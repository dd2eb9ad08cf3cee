using System.CommandLine;
using System.Text.Json;
using Spectre.Console;
using static Sluice.Cli.Ctl.ItemsListCommand;

namespace Sluice.Cli.Ctl;

/// <summary>
/// `ctl notify subscribe|unsubscribe|subscriptions` and `ctl notify filter add|remove|list`:
/// who is mentioned for which show, and what a channel announces at all. What ctl adds lives in
/// the database and takes effect on the next send; configuration's entries are shown, read-only.
/// </summary>
public static class NotifyAudienceCommands
{
    public static void AddTo(Command notify)
    {
        notify.Subcommands.Add(Subscribe("subscribe", HttpMethod.Post));
        notify.Subcommands.Add(Subscribe("unsubscribe", HttpMethod.Delete));
        var subscriptions = new Command(
            "subscriptions",
            "Who is mentioned for which show (configuration's entries are read-only)."
        )
        {
            CtlCommand.JsonOption,
        };
        subscriptions.SetAction(
            (parse, ct) =>
                CtlCommand.WithClientAsync(
                    parse,
                    async client =>
                        CtlCommand.Print(
                            parse,
                            await client.SendAsync(HttpMethod.Get, "/api/notify/subscriptions", ct),
                            rows => AnsiConsole.Write(SubscriptionTable(rows))
                        )
                )
        );
        notify.Subcommands.Add(subscriptions);
        notify.Subcommands.Add(Filter());
    }

    private static Command Subscribe(string name, HttpMethod method)
    {
        var show = new Argument<string>("show")
        {
            Description =
                "A title (matched like release names), anilist:ID, or list:anilist:USER / list:mal:USER for everything on that list.",
        };
        var user = new Option<string?>("--user") { Description = "A Discord user id." };
        var role = new Option<string?>("--role") { Description = "A Discord role id." };
        var channel = new Option<string?>("--channel")
        {
            Description = "Only this Discord channel (e.g. discord:announcements); default: all.",
        };
        var command = new Command(
            name,
            method == HttpMethod.Post
                ? "Mention a Discord user or role whenever SHOW is announced."
                : "Stop mentioning a user or role for SHOW."
        )
        {
            show,
            user,
            role,
            channel,
            CtlCommand.JsonOption,
        };
        command.SetAction(
            (parse, ct) =>
                CtlCommand.WithClientAsync(
                    parse,
                    async client =>
                    {
                        var mention = (parse.GetValue(user), parse.GetValue(role)) switch
                        {
                            ({ } u, null) => $"user:{u}",
                            (null, { } r) => $"role:{r}",
                            _ => throw new CtlException(
                                "give exactly one of --user ID or --role ID.",
                                ExitCodes.Usage
                            ),
                        };
                        var query =
                            $"show={Uri.EscapeDataString(parse.GetValue(show)!)}&mention={Uri.EscapeDataString(mention)}"
                            + (
                                parse.GetValue(channel) is { Length: > 0 } c
                                    ? $"&channel={Uri.EscapeDataString(c)}"
                                    : ""
                            );
                        return CtlCommand.Print(
                            parse,
                            await client.SendAsync(
                                method,
                                $"/api/notify/subscriptions?{query}",
                                ct
                            ),
                            r => Console.WriteLine(Text(r, "message"))
                        );
                    }
                )
        );
        return command;
    }

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

    private static Table SubscriptionTable(JsonElement rows)
    {
        var table = new Table().Border(TableBorder.Rounded).Title("subscriptions");
        table.AddColumns("SHOW", "MENTION", "CHANNEL", "FROM");
        foreach (var s in rows.EnumerateArray())
        {
            table.AddRow(
                Markup.Escape(Text(s, "show")),
                Markup.Escape(Text(s, "mention")),
                Markup.Escape(Text(s, "channel") is { Length: > 0 } c ? c : "(every discord)"),
                From(s)
            );
        }

        return table;
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

    private static string From(JsonElement row) =>
        row.GetProperty("configured").GetBoolean() ? "config (read-only)" : "ctl";
}
