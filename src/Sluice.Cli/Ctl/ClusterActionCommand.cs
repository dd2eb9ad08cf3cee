using System.CommandLine;

namespace Sluice.Cli.Ctl;

/// <summary>`ctl node drain|undrain|down NAME` and `ctl stage pause|resume STAGE`, `ctl stage limit STAGE [N]`.</summary>
public static class ClusterActionCommand
{
    public static Command Node(string action, string description)
    {
        var name = new Argument<string>("name")
        {
            Description = "The node's name (see `ctl cluster show`).",
        };
        var command = new Command(action, description) { name, CtlCommand.JsonOption };
        command.SetAction(
            (parse, ct) =>
                PostAsync(
                    parse,
                    $"/api/nodes/{Uri.EscapeDataString(parse.GetValue(name)!)}/{action}",
                    ct
                )
        );
        return command;
    }

    public static Command Destination(string action, string description)
    {
        var name = new Argument<string>("name")
        {
            Description = "The destination's name (see `ctl cluster show`).",
        };
        var command = new Command(action, description) { name, CtlCommand.JsonOption };
        command.SetAction(
            (parse, ct) =>
                PostAsync(
                    parse,
                    $"/api/destinations/{Uri.EscapeDataString(parse.GetValue(name)!)}/{action}",
                    ct
                )
        );
        return command;
    }

    public static Command Stage(string action, string description)
    {
        var stage = new Argument<string>("stage")
        {
            Description = "sanitize, vault, tier, encode, distribute or notify.",
        };
        var command = new Command(action, description) { stage, CtlCommand.JsonOption };
        command.SetAction(
            (parse, ct) =>
                PostAsync(
                    parse,
                    $"/api/stages/{Uri.EscapeDataString(parse.GetValue(stage)!)}/{action}",
                    ct
                )
        );
        return command;
    }

    public static Command Limit()
    {
        var stage = new Argument<string>("stage")
        {
            Description = "sanitize, vault, tier, encode, distribute or notify.",
        };
        var max = new Argument<int?>("max")
        {
            Description =
                "At most this many running across the cluster; leave out to remove the limit.",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var command = new Command(
            "limit",
            "Cap how many jobs of a stage run at once across every node."
        )
        {
            stage,
            max,
            CtlCommand.JsonOption,
        };
        command.SetAction(
            (parse, ct) =>
                PostAsync(
                    parse,
                    $"/api/stages/{Uri.EscapeDataString(parse.GetValue(stage)!)}/limit"
                        + (parse.GetValue(max) is { } n ? $"?max={n}" : ""),
                    ct
                )
        );
        return command;
    }

    private static Task<int> PostAsync(ParseResult parse, string path, CancellationToken ct) =>
        CtlCommand.WithClientAsync(
            parse,
            async client =>
                CtlCommand.Print(
                    parse,
                    await client.SendAsync(HttpMethod.Post, path, ct),
                    r => Console.WriteLine(ItemsListCommand.Text(r, "message"))
                )
        );
}
