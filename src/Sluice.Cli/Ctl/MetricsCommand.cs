using System.CommandLine;

namespace Sluice.Cli.Ctl;

/// <summary>`ctl metrics`: the node's /metrics as Prometheus would scrape it, with the token ctl already has.</summary>
public static class MetricsCommand
{
    public static Command Create()
    {
        var command = new Command(
            "metrics",
            "Print the node's Prometheus metrics (items per state, queues, step counters)."
        );
        command.SetAction(
            (parse, ct) =>
                CtlCommand.WithClientAsync(
                    parse,
                    async client =>
                    {
                        Console.Write(await client.GetTextAsync("/metrics", ct));
                        return ExitCodes.Ok;
                    }
                )
        );
        return command;
    }
}
