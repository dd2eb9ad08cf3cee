using System.Text.Json;

namespace Sluice.Node.Tests.Api;

/// <summary>One Server-Sent Event as the wire carried it.</summary>
public sealed record SseMessage(string? Id, string Event, JsonElement Data);

/// <summary>Reads a text/event-stream the way a browser's EventSource does: fields until a blank line.</summary>
public sealed class SseReader(Stream stream) : IDisposable
{
    private readonly StreamReader _reader = new(stream);

    /// <summary>Comments (keep-alives) seen so far.</summary>
    public int Comments { get; private set; }

    public async Task<SseMessage> NextAsync(CancellationToken ct)
    {
        string? id = null;
        var type = "message";
        var data = new List<string>();
        while (true)
        {
            var line =
                await _reader.ReadLineAsync(ct)
                ?? throw new EndOfStreamException("The event stream ended.");
            if (line.Length == 0)
            {
                if (data.Count == 0)
                {
                    continue;
                }

                return new SseMessage(
                    id,
                    type,
                    JsonDocument.Parse(string.Join('\n', data)).RootElement
                );
            }

            if (line.StartsWith(':'))
            {
                Comments++;
                continue;
            }

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
    }

    /// <summary>The next message of this type, skipping others.</summary>
    public async Task<SseMessage> NextAsync(string type, CancellationToken ct)
    {
        while (true)
        {
            var message = await NextAsync(ct);
            if (message.Event == type)
            {
                return message;
            }
        }
    }

    public void Dispose() => _reader.Dispose();
}
