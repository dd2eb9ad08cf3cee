using System.CommandLine;
using Sluice.Cli.Ctl;
using Sluice.Cli.Parse;
using Sluice.Cli.Run;

namespace Sluice.Cli;

/// <summary>The sluice command: one class per verb.</summary>
public static class SluiceCli
{
    public static RootCommand Create()
    {
        var root = new RootCommand(
            "Sluice: a durable media ingest pipeline (incoming → sanitized → vaulted → tiered → encoded → notified)."
        );
        root.Subcommands.Add(RunCommand.Create());
        root.Subcommands.Add(CtlCommand.Create());
        root.Subcommands.Add(ParseCommand.Create());
        return root;
    }

    public static async Task<int> InvokeAsync(string[] args)
    {
        var parse = Create().Parse(args);
        if (parse.Errors.Count == 0)
        {
            return await parse.InvokeAsync();
        }

        // Scripts tell bad usage (2) from a failed command (1); System.CommandLine says 1 for both.
        foreach (var error in parse.Errors)
        {
            await Console.Error.WriteLineAsync($"sluice: {error.Message}");
        }

        var path = new List<string>();
        for (
            var command = parse.CommandResult;
            command?.Parent is not null;
            command = command.Parent as System.CommandLine.Parsing.CommandResult
        )
        {
            path.Insert(0, command.Command.Name);
        }

        await Console.Error.WriteLineAsync(
            $"Try: sluice {string.Join(' ', path.Append("--help"))}"
        );
        return ExitCodes.Usage;
    }
}

/// <summary>Exit codes scripts can rely on (README, "The CLI").</summary>
public static class ExitCodes
{
    public const int Ok = 0;
    public const int Error = 1;
    public const int Usage = 2;
    public const int NotFound = 3;
    public const int Refused = 4;
    public const int Unreachable = 5;

    /// <summary>`ctl health` found a problem: a location gone, back pressure, a stage closed here.</summary>
    public const int Unhealthy = 6;

    /// <summary>Stopped with Ctrl-C (SIGINT), as shells count it: 128 + 2.</summary>
    public const int Interrupted = 130;
}
