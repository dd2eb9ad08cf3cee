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
public static partial class NotifyAudienceCommands
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

    internal static string From(JsonElement row) =>
        row.GetProperty("configured").GetBoolean() ? "config (read-only)" : "ctl";
}
