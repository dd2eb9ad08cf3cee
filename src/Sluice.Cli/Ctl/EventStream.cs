using System.Runtime.CompilerServices;
using System.Text.Json;

namespace Sluice.Cli.Ctl;

/// <summary>One Server-Sent Event from the node: its id (a journal cursor, if any), type and JSON data.</summary>
public sealed record StreamEvent(string? Id, string Type, JsonElement Data);

/// <summary>
/// The node's event stream (<c>/api/events</c>), read as an EventSource does: when the
/// connection drops it reconnects after a short pause with <c>Last-Event-ID</c>, so no journal
/// event is lost or repeated. The first connection's failures are the caller's (unreachable,
/// refused); later drops are retried until cancelled.
/// </summary>
public sealed class EventStream(NodeClient client, TimeProvider time, TextWriter notices)
{
    public async IAsyncEnumerable<StreamEvent> ReadAsync(
        string path,
        string? after,
        [EnumeratorCancellation] CancellationToken ct
    )
    {
        var lastId = after;
        var connected = false;
        var pause = TimeSpan.FromSeconds(1);
        while (!ct.IsCancellationRequested)
        {
            HttpResponseMessage response;
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, path);
                if (lastId is not null)
                {
                    request.Headers.Add("Last-Event-ID", lastId);
                }

                response = await client.SendRawAsync(
                    request,
                    HttpCompletionOption.ResponseHeadersRead,
                    ct
                );
            }
            catch (CtlException ex) when (connected && ex.ExitCode == ExitCodes.Unreachable)
            {
                await notices.WriteLineAsync(
                    $"sluice ctl: {ex.Message} Retrying in {pause.TotalSeconds:0} s."
                );
                await Task.Delay(pause, time, ct);
                pause = TimeSpan.FromSeconds(Math.Min(10, pause.TotalSeconds * 2));
                continue;
            }

            connected = true;
            pause = TimeSpan.FromSeconds(1);
            using (response)
            {
                var reader = new StreamReader(await response.Content.ReadAsStreamAsync(ct));
                var lines = new List<string>();
                while (true)
                {
                    string? line;
                    try
                    {
                        line = await reader.ReadLineAsync(ct);
                    }
                    catch (Exception ex) when (ex is IOException or HttpRequestException)
                    {
                        line = null;
                    }

                    if (line is null)
                    {
                        await notices.WriteLineAsync(
                            "sluice ctl: the event stream was cut; reconnecting."
                        );
                        break;
                    }

                    if (line.Length > 0)
                    {
                        lines.Add(line);
                        continue;
                    }

                    if (Parse(lines) is { } e)
                    {
                        lastId = e.Id ?? lastId;
                        yield return e;
                    }

                    lines.Clear();
                }
            }
        }
    }

    /// <summary>The fields of one message; null for a comment (keep-alive) or a message without data.</summary>
    private static StreamEvent? Parse(List<string> lines)
    {
        string? id = null;
        var type = "message";
        var data = new List<string>();
        foreach (var line in lines.Where(l => !l.StartsWith(':')))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var field = colon < 0 ? line : line[..colon];
            var value = colon < 0 ? "" : line[(colon + 1)..].TrimStart(' ');
            switch (field)
            {
                case "id":
                    id = value;
                    break;
                case "event":
                    type = value;
                    break;
                case "data":
                    data.Add(value);
                    break;
            }
        }

        return data.Count == 0
            ? null
            : new StreamEvent(
                id,
                type,
                JsonDocument.Parse(string.Join('\n', data)).RootElement.Clone()
            );
    }
}
