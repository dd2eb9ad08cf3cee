using System.CommandLine;
using System.Net.Http.Json;
using System.Text.Json;
using static Sluice.Cli.Ctl.ItemsListCommand;

namespace Sluice.Cli.Ctl;

/// <summary>
/// `ctl submit PATH|DESTINATION:PATH [--stage STAGE]`: hands a file to the node through
/// POST /api/items, printing the item id and whether this submission created it. Submitting
/// the same source again answers with the same item (exit 0 either way).
/// </summary>
public static class SubmitCommand
{
    public static Command Create()
    {
        var source = new Argument<string>("source")
        {
            Description =
                "A file in the node's incoming folder or library (a relative path is taken from here), or DESTINATION:PATH of a file in a vault destination.",
        };
        var stage = new Option<string?>("--stage")
        {
            Description =
                "Where it enters: sanitize, vault, encode, distribute or notify. Default: sanitize for incoming, vault for the library, encode for a vault file.",
        };
        var command = new Command("submit", "Submit a file to the pipeline at a stage.")
        {
            source,
            stage,
            CtlCommand.JsonOption,
        };
        command.SetAction(
            (parse, ct) =>
                CtlCommand.WithClientAsync(
                    parse,
                    async client =>
                    {
                        var answer = await PostAsync(
                            client,
                            Resolve(parse.GetValue(source)!),
                            parse.GetValue(stage),
                            ct
                        );
                        return CtlCommand.Print(parse, answer, Render);
                    }
                )
        );
        return command;
    }

    /// <summary>An absolute path or DESTINATION:PATH as given; anything else is a path relative to here.</summary>
    internal static string Resolve(string source) =>
        source.StartsWith('/')
        || (
            source.Contains(':', StringComparison.Ordinal)
            && !source.StartsWith("./", StringComparison.Ordinal)
            && !source.StartsWith("../", StringComparison.Ordinal)
        )
            ? source
            : Path.GetFullPath(source);

    private static async Task<JsonElement> PostAsync(
        NodeClient client,
        string source,
        string? stage,
        CancellationToken ct
    )
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        // A local file is fingerprinted before the answer: allow for a large one.
        timeout.CancelAfter(NodeClient.RequestTimeout * 10);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/items")
        {
            Content = JsonContent.Create(new { source, stage }),
        };
        try
        {
            using var response = await client.SendRawAsync(
                request,
                HttpCompletionOption.ResponseContentRead,
                timeout.Token
            );
            var body = await response.Content.ReadAsStringAsync(timeout.Token);
            return JsonDocument.Parse(body).RootElement.Clone();
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new CtlException(
                $"the node at {client.Node} did not answer the submission in time.",
                ExitCodes.Unreachable
            );
        }
    }

    private static void Render(JsonElement answer)
    {
        var item = answer.GetProperty("item");
        Console.WriteLine(
            answer.GetProperty("created").GetBoolean()
                ? $"{Text(item, "id")}: new item {Text(item, "name")}, enters at {Text(answer, "stage")}"
                : $"{Text(item, "id")}: already submitted ({Text(answer, "duplicate")}); {Text(item, "state")}"
        );
    }
}
