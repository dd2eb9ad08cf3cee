using System.CommandLine;

namespace Sluice.Cli.Ctl;

/// <summary>`ctl item retry|cancel|pin|unpin|touch ID`: an operator's command on one item.</summary>
public static class ItemActionCommand
{
    public static Command Create(string action, string description)
    {
        var id = new Argument<string>("id")
        {
            Description = "The item id, or its first few hex digits.",
        };
        var command = new Command(action, description) { id, CtlCommand.JsonOption };
        command.SetAction(
            (parse, ct) =>
                CtlCommand.WithClientAsync(
                    parse,
                    async client =>
                    {
                        var result = await client.SendAsync(
                            HttpMethod.Post,
                            $"/api/items/{Uri.EscapeDataString(parse.GetValue(id)!)}/{action}",
                            ct
                        );
                        return CtlCommand.Print(
                            parse,
                            result,
                            r =>
                                Console.WriteLine(
                                    $"{ItemsListCommand.Text(r, "id")}: {action} accepted; now {ItemsListCommand.Text(r, "state")}"
                                )
                        );
                    }
                )
        );
        return command;
    }

    /// <summary>`ctl item cancel ID [--reason TEXT]`: the reason goes into the item's timeline.</summary>
    public static Command Cancel()
    {
        var id = new Argument<string>("id")
        {
            Description = "The item id, or its first few hex digits.",
        };
        var reason = new Option<string?>("--reason")
        {
            Description = "Why, for the item's timeline.",
        };
        var command = new Command(
            "cancel",
            "Stop an item: its running step is stopped and it rests as cancelled."
        )
        {
            id,
            reason,
            CtlCommand.JsonOption,
        };
        command.SetAction(
            (parse, ct) =>
                CtlCommand.WithClientAsync(
                    parse,
                    async client =>
                        CtlCommand.Print(
                            parse,
                            await client.SendAsync(
                                HttpMethod.Post,
                                $"/api/items/{Uri.EscapeDataString(parse.GetValue(id)!)}/cancel"
                                    + (
                                        parse.GetValue(reason) is { } why
                                            ? $"?reason={Uri.EscapeDataString(why)}"
                                            : ""
                                    ),
                                ct
                            ),
                            r =>
                                Console.WriteLine(
                                    $"{ItemsListCommand.Text(r, "id")}: cancel accepted; now {ItemsListCommand.Text(r, "state")}"
                                )
                        )
                )
        );
        return command;
    }

    /// <summary>`ctl item skip ID --to STAGE`: the item goes on with STAGE, leaving out the steps before it.</summary>
    public static Command Skip()
    {
        var id = new Argument<string>("id")
        {
            Description = "The item id, or its first few hex digits.",
        };
        var to = new Option<string>("--to")
        {
            Description = "The stage that runs next: tier, encode, distribute or notify.",
            Required = true,
        };
        var command = new Command(
            "skip",
            "Move an item forward past steps that cannot succeed (a file ffmpeg cannot read): the given stage runs next."
        )
        {
            id,
            to,
            CtlCommand.JsonOption,
        };
        command.SetAction(
            (parse, ct) =>
                CtlCommand.WithClientAsync(
                    parse,
                    async client =>
                        CtlCommand.Print(
                            parse,
                            await client.SendAsync(
                                HttpMethod.Post,
                                $"/api/items/{Uri.EscapeDataString(parse.GetValue(id)!)}/skip?to={Uri.EscapeDataString(parse.GetValue(to)!)}",
                                ct
                            ),
                            r =>
                                Console.WriteLine(
                                    $"{ItemsListCommand.Text(r, "id")}: skipped ahead; now {ItemsListCommand.Text(r, "state")}, next {ItemsListCommand.Text(r, "step")}"
                                )
                        )
                )
        );
        return command;
    }
}
