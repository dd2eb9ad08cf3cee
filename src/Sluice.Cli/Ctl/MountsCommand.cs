using System.CommandLine;
using System.Text.Json;
using Spectre.Console;
using static Sluice.Cli.Ctl.ItemsListCommand;

namespace Sluice.Cli.Ctl;

/// <summary>
/// `ctl mounts [--json]`: the FUSE mounts the node supervises (Mounts): state, daemon pid,
/// restarts, since when, the last error, and the stages each one holds. Shows the node it asks
/// (each node owns its own mounts). Exits 6 when a mount is not healthy, like `ctl health`.
/// </summary>
public static class MountsCommand
{
    public static Command Create()
    {
        var command = new Command(
            "mounts",
            "The node's supervised rclone and mergerfs mounts: state, pid, restarts, last error. Exit 6 when one is not healthy."
        )
        {
            CtlCommand.JsonOption,
        };
        command.SetAction(
            (parse, ct) =>
                CtlCommand.WithClientAsync(
                    parse,
                    async client =>
                    {
                        var answer = await client.SendAsync(HttpMethod.Get, "/api/mounts", ct);
                        CtlCommand.Print(parse, answer, Render);
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

    /// <summary>A tool's error ends with its most telling line (rclone's "Failed to create file system…").</summary>
    private static string LastLine(string error) =>
        error
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .LastOrDefault()
        ?? "";

    private static string Since(JsonElement mount) =>
        mount.TryGetProperty("since", out var since) && since.TryGetDateTimeOffset(out var at)
            ? at.UtcDateTime.ToString(
                "yyyy-MM-dd HH:mm:ss'Z'",
                System.Globalization.CultureInfo.InvariantCulture
            )
            : "";

    private static void Render(JsonElement answer)
    {
        if (!Mounts(answer).Any())
        {
            AnsiConsole.MarkupLine(
                $"node {Markup.Escape(Text(answer, "node"))} supervises no mounts (Mounts in its configuration)"
            );
            return;
        }

        var table = new Table()
            .Border(TableBorder.Rounded)
            .Title($"mounts of node {Markup.Escape(Text(answer, "node"))}");
        table.AddColumns("NAME", "KIND", "PATH", "STATE", "PID", "RESTARTS", "SINCE", "LAST ERROR");
        foreach (var mount in Mounts(answer))
        {
            var state = Text(mount, "state");
            table.AddRow(
                Markup.Escape(Text(mount, "name")),
                Markup.Escape(Text(mount, "kind")),
                Markup.Escape(Text(mount, "path")),
                state == "healthy" ? "[green]healthy[/]" : $"[red]{Markup.Escape(state)}[/]",
                Text(mount, "pid"),
                Text(mount, "restarts"),
                Since(mount),
                Markup.Escape(Styles.Clip(LastLine(Text(mount, "lastError")), 100))
            );
        }

        AnsiConsole.Write(table);
    }
}
