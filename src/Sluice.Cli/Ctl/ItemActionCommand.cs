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
}
