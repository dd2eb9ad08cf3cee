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
            "Nodes (name, roles, alive, last heartbeat, running jobs) and stages (paused, limit, counts)."
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

        AnsiConsole.Write(nodes);
        AnsiConsole.Write(stages);
    }
}
