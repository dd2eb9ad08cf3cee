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

    public static Task<int> InvokeAsync(string[] args) => Create().Parse(args).InvokeAsync();
}

/// <summary>Exit codes scripts can rely on.</summary>
public static class ExitCodes
{
    public const int Ok = 0;
    public const int Error = 1;
    public const int Usage = 2;
    public const int NotFound = 3;
    public const int Refused = 4;
    public const int Unreachable = 5;
}
