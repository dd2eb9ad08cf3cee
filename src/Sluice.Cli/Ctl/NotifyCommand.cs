using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Spectre.Console;
using static Sluice.Cli.Ctl.ItemsListCommand;

namespace Sluice.Cli.Ctl;

/// <summary>`ctl notify show [--json]` and `ctl notify release CHANNEL`: the notification channels.</summary>
public static class NotifyCommand
{
    public static Command Create()
    {
        var notify = new Command(
            "notify",
            "The notification channels: Discord, webhooks, Plex, Jellyfin."
        );
        var show = new Command(
            "show",
            "Each channel's state (ok, backing off, quarantined, holding for a list, and why) and the messages waiting on it."
        )
        {
            CtlCommand.JsonOption,
        };
        show.SetAction(
            (parse, ct) =>
                CtlCommand.WithClientAsync(
                    parse,
                    async client =>
                        CtlCommand.Print(
                            parse,
                            await client.SendAsync(HttpMethod.Get, "/api/notify/channels", ct),
                            channels => AnsiConsole.Write(Table(channels))
                        )
                )
        );
        var channel = new Argument<string>("channel")
        {
            Description = "The channel, e.g. discord:announcements (see `ctl notify show`).",
        };
        var release = new Command(
            "release",
            "Lift a channel's quarantine (or backoff) once it is fixed: its waiting messages go out, in order."
        )
        {
            channel,
            CtlCommand.JsonOption,
        };
        release.SetAction(
            (parse, ct) =>
                CtlCommand.WithClientAsync(
                    parse,
                    async client =>
                        CtlCommand.Print(
                            parse,
                            await client.SendAsync(
                                HttpMethod.Post,
                                $"/api/notify/channels/{Uri.EscapeDataString(parse.GetValue(channel)!)}/release",
                                ct
                            ),
                            r => Console.WriteLine(Text(r, "message"))
                        )
                )
        );
        notify.Subcommands.Add(show);
        notify.Subcommands.Add(release);
        NotifyAudienceCommands.AddTo(notify);
        return notify;
    }

    /// <summary>The channels as a table (also part of `ctl cluster show`).</summary>
    public static Table Table(JsonElement channels)
    {
        var table = new Table().Border(TableBorder.Rounded).Title("notify channels");
        table.AddColumns("CHANNEL", "STATE", "WAITING", "SINCE", "WHY");
        foreach (var c in channels.EnumerateArray())
        {
            var state = Text(c, "state") switch
            {
                "quarantined" => "[red]quarantined[/]",
                "holding" => "[yellow]holding[/]",
                "backing off" =>
                    $"[yellow]backing off until {Markup.Escape(Local(Text(c, "retryAt")))}[/]",
                var other => Markup.Escape(other),
            };
            var why =
                Text(c, "quarantineReason") is { Length: > 0 } reason ? reason
                : Text(c, "holding") is { Length: > 0 } holding ? holding
                : Text(c, "lastError");
            table.AddRow(
                Markup.Escape(
                    Text(c, "name")
                        + (c.GetProperty("configured").GetBoolean() ? "" : " (not configured here)")
                ),
                state,
                Text(c, "waiting"),
                Text(c, "oldestWaitingSince") is { Length: > 0 } since
                    ? Markup.Escape(Local(since))
                    : "-",
                Markup.Escape(why)
            );
        }

        return table;
    }

    private static string Local(string instant) =>
        DateTimeOffset
            .Parse(instant, CultureInfo.InvariantCulture)
            .ToLocalTime()
            .ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
}
