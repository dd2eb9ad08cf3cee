using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Spectre.Console;
using static Sluice.Cli.Ctl.ItemsListCommand;

namespace Sluice.Cli.Ctl;

/// <summary>`ctl cluster show [--json]`: the nodes with their roles and health, and the stages with their controls.</summary>
public static class ClusterShowCommand
{
    public static Command Create()
    {
        var show = new Command(
            "show",
            "Nodes (name, roles, alive, last heartbeat, running jobs), stages (paused, limit, counts), vault destinations and notify channels."
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
                            await client.SendAsync(HttpMethod.Get, "/api/cluster", ct),
                            Render
                        )
                )
        );
        return show;
    }

    private static string Local(string instant) =>
        DateTimeOffset
            .Parse(instant, CultureInfo.InvariantCulture)
            .ToLocalTime()
            .ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    private static string Size(long bytes) =>
        bytes >= 1L << 30
            ? (bytes / (double)(1L << 30)).ToString("0.##' GiB'", CultureInfo.InvariantCulture)
            : (bytes / (double)(1L << 20)).ToString("0.##' MiB'", CultureInfo.InvariantCulture);

    private static void Render(JsonElement cluster)
    {
        var nodes = new Table().Border(TableBorder.Rounded).Title("nodes");
        nodes.AddColumns("NAME", "ROLES", "ALIVE", "HEARTBEAT", "RUNNING", "NOTE");
        foreach (var node in cluster.GetProperty("nodes").EnumerateArray())
        {
            var alive = node.GetProperty("alive").GetBoolean();
            var heartbeat = DateTimeOffset
                .Parse(Text(node, "heartbeatAt"), CultureInfo.InvariantCulture)
                .ToLocalTime();
            nodes.AddRow(
                Markup.Escape(Text(node, "name")),
                Markup.Escape(
                    string.Join(
                        ",",
                        node.GetProperty("roles").EnumerateArray().Select(r => r.GetString())
                    )
                ),
                alive ? "[green]yes[/]" : "[red]no[/]",
                heartbeat.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                Text(node, "runningJobs"),
                node.GetProperty("draining").GetBoolean() ? "[yellow]draining[/]" : ""
            );
        }

        var stages = new Table().Border(TableBorder.Rounded).Title("stages");
        stages.AddColumns("STAGE", "STATE", "LIMIT", "WAITING", "RUNNING", "RETRYING");
        foreach (var stage in cluster.GetProperty("stages").EnumerateArray())
        {
            stages.AddRow(
                Markup.Escape(Text(stage, "queue")),
                stage.GetProperty("paused").GetBoolean() ? "[yellow]paused[/]" : "running",
                Text(stage, "maxRunning") is { Length: > 0 } max ? max : "-",
                Text(stage, "waiting"),
                Text(stage, "running"),
                Text(stage, "retrying")
            );
        }

        var vault = new Table().Border(TableBorder.Rounded).Title("vault destinations");
        vault.AddColumns("NAME", "REMOTE", "STATE", "TODAY", "VERIFY", "BWLIMIT");
        foreach (var d in cluster.GetProperty("destinations").EnumerateArray())
        {
            var state =
                Text(d, "pausedUntil") is { Length: > 0 } until
                    ? $"[red]paused until {Markup.Escape(Local(until))}[/]: {Markup.Escape(Text(d, "pauseReason"))}"
                : !d.GetProperty("inWindow").GetBoolean()
                    ? $"[yellow]outside its window until {Markup.Escape(Local(Text(d, "windowOpensAt")))}[/]"
                : "open";
            var used = d.GetProperty("usedToday").GetInt64();
            vault.AddRow(
                Markup.Escape(
                    Text(d, "name") + (d.GetProperty("replica").GetBoolean() ? " (replica)" : "")
                ),
                Markup.Escape(Text(d, "remote")),
                state,
                Text(d, "dailyCap") is { Length: > 0 } cap
                    ? $"{Size(used)} of {Size(long.Parse(cap, CultureInfo.InvariantCulture))}"
                    : Size(used),
                Text(d, "verify"),
                Markup.Escape(Text(d, "bandwidthLimit") is { Length: > 0 } bw ? bw : "-")
            );
        }

        AnsiConsole.Write(nodes);
        AnsiConsole.Write(stages);
        AnsiConsole.Write(vault);
        AnsiConsole.Write(NotifyCommand.Table(cluster.GetProperty("channels")));
    }
}
