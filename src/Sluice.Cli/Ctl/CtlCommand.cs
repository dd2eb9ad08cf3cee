using System.CommandLine;

namespace Sluice.Cli.Ctl;

/// <summary>`sluice ctl`: inspect and steer a running node through its HTTP API.</summary>
public static class CtlCommand
{
    public static readonly Option<string?> NodeOption = new("--node")
    {
        Description = "The node's API address. Default: $SLUICE_NODE or http://127.0.0.1:5480",
        Recursive = true,
    };

    public static readonly Option<string?> TokenOption = new("--token")
    {
        Description = "API bearer token. Default: $SLUICE_TOKEN",
        Recursive = true,
    };

    public static readonly Option<bool> JsonOption = new("--json")
    {
        Description = "Print JSON for scripts instead of a table.",
    };

    public static Command Create()
    {
        var ctl = new Command("ctl", "Inspect and steer a running node.")
        {
            NodeOption,
            TokenOption,
        };
        var items = new Command("items", "Items in the pipeline.");
        items.Subcommands.Add(ItemsListCommand.Create());
        var item = new Command("item", "One item: its timeline and the operator's actions.");
        item.Subcommands.Add(ItemShowCommand.Create());
        item.Subcommands.Add(
            ItemActionCommand.Create(
                "retry",
                "Run a failed item's failed step again, with a fresh attempt budget."
            )
        );
        item.Subcommands.Add(ItemActionCommand.Cancel());
        item.Subcommands.Add(ItemActionCommand.Skip());
        item.Subcommands.Add(
            ItemActionCommand.Create(
                "pin",
                "Keep an item's files on the local disk: tiering never evicts a pinned item."
            )
        );
        item.Subcommands.Add(
            ItemActionCommand.Create(
                "unpin",
                "Release a pin: the item's files may be evicted again once verifiably vaulted."
            )
        );
        item.Subcommands.Add(
            ItemActionCommand.Create(
                "touch",
                "Record a read of the item's files, so least-recently-used tiering keeps them longer."
            )
        );
        var cluster = new Command("cluster", "The nodes and stages of the cluster.");
        cluster.Subcommands.Add(ClusterShowCommand.Create());
        var node = new Command("node", "Steer one node.");
        node.Subcommands.Add(
            ClusterActionCommand.Node("drain", "Finish what the node runs and claim nothing new.")
        );
        node.Subcommands.Add(
            ClusterActionCommand.Node("undrain", "Let a drained node claim work again.")
        );
        node.Subcommands.Add(
            ClusterActionCommand.Node(
                "down",
                "The node is gone: hand its running jobs to other nodes now, without waiting for the lease."
            )
        );
        var stage = new Command("stage", "Steer one stage across the cluster.");
        stage.Subcommands.Add(
            ClusterActionCommand.Stage(
                "pause",
                "No node claims work of this stage until it is resumed."
            )
        );
        stage.Subcommands.Add(
            ClusterActionCommand.Stage("resume", "Let nodes claim work of this stage again.")
        );
        stage.Subcommands.Add(ClusterActionCommand.Limit());
        ctl.Subcommands.Add(items);
        ctl.Subcommands.Add(item);
        ctl.Subcommands.Add(cluster);
        ctl.Subcommands.Add(node);
        ctl.Subcommands.Add(stage);
        var vault = new Command("vault", "Steer the vault destinations.");
        vault.Subcommands.Add(
            ClusterActionCommand.Destination(
                "resume",
                "Lift a destination's quota pause now (the ban is over); its waiting uploads run at their next retry."
            )
        );
        ctl.Subcommands.Add(vault);
        ctl.Subcommands.Add(TailCommand.Create());
        ctl.Subcommands.Add(JobsCommand.Create());
        ctl.Subcommands.Add(StatsCommand.Create());
        ctl.Subcommands.Add(HealthCommand.Create());
        ctl.Subcommands.Add(MetricsCommand.Create());
        ctl.Subcommands.Add(NotifyCommand.Create());
        ctl.Subcommands.Add(SubmitCommand.Create());
        ctl.Subcommands.Add(MountsCommand.Create());
        ctl.Subcommands.Add(LibraryCommand.Create());
        return ctl;
    }

    /// <summary>Prints the API's answer as JSON for scripts (--json) or through <paramref name="render"/> for people.</summary>
    public static int Print(
        ParseResult parse,
        System.Text.Json.JsonElement answer,
        Action<System.Text.Json.JsonElement> render
    )
    {
        if (parse.GetValue(JsonOption))
        {
            Console.WriteLine(answer.GetRawText());
        }
        else
        {
            render(answer);
        }

        return ExitCodes.Ok;
    }

    /// <summary>Runs <paramref name="work"/> with a client for the chosen node; errors print one line and exit with their code.</summary>
    public static async Task<int> WithClientAsync(
        ParseResult parse,
        Func<NodeClient, Task<int>> work
    )
    {
        var address =
            parse.GetValue(NodeOption)
            ?? Environment.GetEnvironmentVariable("SLUICE_NODE")
            ?? "http://127.0.0.1:5480";
        if (!address.Contains("://", StringComparison.Ordinal))
        {
            address = "http://" + address;
        }

        if (!Uri.TryCreate(address, UriKind.Absolute, out var uri))
        {
            await Console.Error.WriteLineAsync($"sluice ctl: '{address}' is not a node address.");
            return ExitCodes.Usage;
        }

        if (Console.IsOutputRedirected)
        {
            // A file or a pipe has no width: keep each table row on one line for grep, as
            // wide as $COLUMNS says or wide enough for long release names.
            Spectre.Console.AnsiConsole.Profile.Width =
                int.TryParse(Environment.GetEnvironmentVariable("COLUMNS"), out var columns)
                && columns > 40
                    ? columns
                    : 200;
        }

        using var client = new NodeClient(
            uri,
            parse.GetValue(TokenOption) ?? Environment.GetEnvironmentVariable("SLUICE_TOKEN")
        );
        try
        {
            return await work(client);
        }
        catch (CtlException ex)
        {
            await Console.Error.WriteLineAsync($"sluice ctl: {ex.Message}");
            return ex.ExitCode;
        }
    }
}
