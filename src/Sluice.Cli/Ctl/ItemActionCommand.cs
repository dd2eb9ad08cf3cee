using System.CommandLine;
using System.Text.Json;
using static Sluice.Cli.Ctl.ItemsListCommand;

namespace Sluice.Cli.Ctl;

/// <summary>`ctl item retry|cancel|skip|pin|unpin|touch ID`: an operator's command on one item.</summary>
public static class ItemActionCommand
{
    public static Command Create(string action, string description) =>
        Build(action, description, [], _ => "", r => $"{action} accepted; now {Text(r, "state")}");

    /// <summary>`ctl item cancel ID [--reason TEXT]`: the reason goes into the item's timeline.</summary>
    public static Command Cancel()
    {
        var reason = new Option<string?>("--reason")
        {
            Description = "Why, for the item's timeline.",
        };
        return Build(
            "cancel",
            "Stop an item: its running step is stopped and it rests as cancelled.",
            [reason],
            parse =>
                parse.GetValue(reason) is { } why ? $"?reason={Uri.EscapeDataString(why)}" : "",
            r => $"cancel accepted; now {Text(r, "state")}"
        );
    }

    /// <summary>`ctl item skip ID --to STAGE`: the item goes on with STAGE, leaving out the steps before it.</summary>
    public static Command Skip()
    {
        var to = new Option<string>("--to")
        {
            Description = "The stage that runs next: tier, encode, distribute or notify.",
            Required = true,
        };
        return Build(
            "skip",
            "Move an item forward past steps that cannot succeed (a file ffmpeg cannot read): the given stage runs next.",
            [to],
            parse => $"?to={Uri.EscapeDataString(parse.GetValue(to)!)}",
            r => $"skipped ahead; now {Text(r, "state")}, next {Text(r, "step")}"
        );
    }

    /// <summary>POST /api/items/ID/ACTION[QUERY], printing the item's new state (or its JSON).</summary>
    private static Command Build(
        string action,
        string description,
        IReadOnlyList<Option> options,
        Func<ParseResult, string> query,
        Func<JsonElement, string> accepted
    )
    {
        var id = new Argument<string>("id")
        {
            Description = "The item id, or its first few hex digits.",
        };
        var command = new Command(action, description) { id, CtlCommand.JsonOption };
        foreach (var option in options)
        {
            command.Options.Add(option);
        }

        command.SetAction(
            (parse, ct) =>
                CtlCommand.WithClientAsync(
                    parse,
                    async client =>
                        CtlCommand.Print(
                            parse,
                            await client.SendAsync(
                                HttpMethod.Post,
                                $"/api/items/{Uri.EscapeDataString(parse.GetValue(id)!)}/{action}{query(parse)}",
                                ct
                            ),
                            r => Console.WriteLine($"{Text(r, "id")}: {accepted(r)}")
                        )
                )
        );
        return command;
    }
}
