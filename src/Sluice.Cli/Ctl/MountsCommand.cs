using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Spectre.Console;
using static Sluice.Cli.Ctl.ItemsListCommand;

namespace Sluice.Cli.Ctl;

/// <summary>
/// `ctl mounts [--all] [--json]`: the FUSE mounts the node supervises (Mounts): state, daemon
/// pid, restarts, since when, the last error. `--all` adds every other node's, as each last
/// published them to the shared database. Exits 6 when a mount shown is not healthy, like `ctl health`.
/// </summary>
public static class MountsCommand
{
    public static Command Create()
    {
        var all = new Option<bool>("--all")
        {
            Description = "Every node's mounts, as each last published them (its own are live).",
        };
        var command = new Command(
            "mounts",
            "The node's supervised rclone and mergerfs mounts: state, pid, restarts, last error. Exit 6 when one is not healthy."
        )
        {
            all,
            CtlCommand.JsonOption,
        };
        command.SetAction(
            (parse, ct) =>
                CtlCommand.WithClientAsync(
                    parse,
                    async client =>
                    {
                        var answer = await client.SendAsync(
                            HttpMethod.Get,
                            parse.GetValue(all) ? "/api/mounts?all=true" : "/api/mounts",
                            ct
                        );
                        CtlCommand.Print(parse, answer, a => Render(a, parse.GetValue(all)));
                        return Mounts(answer).All(m => Text(m, "state") == "healthy")
                            ? ExitCodes.Ok
                            : ExitCodes.Unhealthy;
                    }
                )
        );
        return command;
    }

    private static JsonElement.ArrayEnumerator Mounts(JsonElement answer) =>
        answer.GetProperty("mounts").EnumerateArray();

    private static void Render(JsonElement answer, bool all)
    {
        var node = Markup.Escape(Text(answer, "node"));
        if (!Mounts(answer).Any())
        {
            AnsiConsole.MarkupLine(
                all
                    ? "no node supervises mounts (Mounts in a node's configuration)"
                    : $"node {node} supervises no mounts (Mounts in its configuration)"
            );
            return;
        }

        var table = new Table()
            .Border(TableBorder.Rounded)
            .Title(all ? "mounts of every node" : $"mounts of node {node}");
        if (all)
        {
            table.AddColumn("NODE");
        }

        table.AddColumns("NAME", "KIND", "PATH", "STATE", "PID", "RESTARTS", "SINCE", "LAST ERROR");
        foreach (var mount in Mounts(answer))
        {
            var state = Text(mount, "state");
            var published = Time(mount, "publishedAt");
            string[] row =
            [
                Markup.Escape(Text(mount, "name")),
                Markup.Escape(Text(mount, "kind")),
                Markup.Escape(Text(mount, "path")),
                (state == "healthy" ? "[green]healthy[/]" : $"[red]{Markup.Escape(state)}[/]")
                    + (published.Length > 0 ? $" [dim](as of {published})[/]" : ""),
                Text(mount, "pid"),
                Text(mount, "restarts"),
                Time(mount, "since"),
                Markup.Escape(Styles.Clip(LastLine(Text(mount, "lastError")), 100)),
            ];
            table.AddRow(all ? [Markup.Escape(Text(mount, "node")), .. row] : row);
        }

        AnsiConsole.Write(table);
    }

    /// <summary>A tool's error ends with its most telling line (rclone's "Failed to create file system…").</summary>
    private static string LastLine(string error) =>
        error
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .LastOrDefault()
        ?? "";

    private static string Time(JsonElement mount, string name) =>
        mount.TryGetProperty(name, out var value)
        && value.ValueKind == JsonValueKind.String
        && value.TryGetDateTimeOffset(out var at)
            ? at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture)
            : "";
}
