using System.CommandLine;
using System.Text.Json;
using Spectre.Console;
using static Sluice.Cli.Ctl.ItemsListCommand;

namespace Sluice.Cli.Ctl;

/// <summary>
/// `ctl health [--json]`: this node's locations (incoming, library, union, each vault), back
/// pressure, stages closed here and files it cannot take. Exits 6 when anything is wrong, so
/// a monitoring script needs no parsing.
/// </summary>
public static class HealthCommand
{
    public static Command Create()
    {
        var command = new Command(
            "health",
            "This node's view of its disks and vaults: what is missing, what is paused here and why. Exit 6 when unhealthy."
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
                        var health = await client.SendAsync(HttpMethod.Get, "/api/health", ct);
                        CtlCommand.Print(parse, health, Render);
                        return Problems(health).Any() ? ExitCodes.Unhealthy : ExitCodes.Ok;
                    }
                )
        );
        return command;
    }

    /// <summary>Every reason the node is not fully working.</summary>
    public static IEnumerable<string> Problems(JsonElement health) =>
        LocationProblems(health).Concat(OtherProblems(health));

    private static IEnumerable<string> LocationProblems(JsonElement health) =>
        health
            .GetProperty("locations")
            .EnumerateArray()
            .Where(l => !l.GetProperty("healthy").GetBoolean())
            .Select(l => $"{Text(l, "kind")} {Text(l, "name")}: {Text(l, "problem")}");

    private static IEnumerable<string> OtherProblems(JsonElement health)
    {
        if (Text(health, "backPressure") is { Length: > 0 } pressure)
        {
            yield return $"back pressure: {pressure}";
        }

        foreach (var paused in health.GetProperty("pausedHere").EnumerateObject())
        {
            yield return $"{paused.Name} paused here: {paused.Value.GetString()}";
        }

        foreach (var problem in health.GetProperty("incomingProblems").EnumerateArray())
        {
            yield return $"incoming {Text(problem, "path")}: {Text(problem, "reason")}";
        }

        if (health.TryGetProperty("quarantinedChannels", out var channels))
        {
            foreach (var channel in channels.EnumerateArray())
            {
                yield return $"notify channel {Text(channel, "channel")} quarantined ({Text(channel, "waiting")} waiting): {Text(channel, "reason")}; once fixed: sluice ctl notify release {Text(channel, "channel")}";
            }
        }
    }

    private static void Render(JsonElement health)
    {
        var table = new Table()
            .Border(TableBorder.Rounded)
            .Title($"node {Markup.Escape(Text(health, "node"))}");
        table.AddColumns("KIND", "NAME", "WHERE", "STATE");
        foreach (var location in health.GetProperty("locations").EnumerateArray())
        {
            table.AddRow(
                Markup.Escape(Text(location, "kind")),
                Markup.Escape(Text(location, "name")),
                Markup.Escape(Text(location, "where")),
                location.GetProperty("healthy").GetBoolean()
                    ? "[green]ok[/]"
                    : $"[red]{Markup.Escape(Text(location, "problem"))}[/]"
            );
        }

        AnsiConsole.Write(table);
        foreach (var problem in OtherProblems(health))
        {
            AnsiConsole.MarkupLine($"[red]{Markup.Escape(problem)}[/]");
        }

        if (!Problems(health).Any())
        {
            AnsiConsole.MarkupLine("[green]healthy[/]");
        }
    }
}
