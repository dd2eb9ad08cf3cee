using System.Text.Json;

namespace Sluice.Tools.Rclone;

/// <summary>Reads the JSON rclone prints: lsjson entries, JSON-log stats lines, backend features.</summary>
public static class RcloneJson
{
    public static IReadOnlyList<RemoteEntry> ParseEntries(string json)
    {
        using var document = JsonDocument.Parse(json);
        return [.. document.RootElement.EnumerateArray().Select(ToEntry)];
    }

    public static RemoteEntry ParseEntry(string json)
    {
        using var document = JsonDocument.Parse(json);
        return ToEntry(document.RootElement);
    }

    /// <summary>
    /// A <c>--use-json-log</c> line carrying a "stats" object (one per stats interval and a
    /// final one). Other lines, and lines that are not JSON at all, give false.
    /// </summary>
    public static bool TryParseStats(string line, out TransferProgress progress)
    {
        progress = null!;
        if (!line.StartsWith('{'))
        {
            return false;
        }

        try
        {
            using var document = JsonDocument.Parse(line);
            if (!document.RootElement.TryGetProperty("stats", out var stats))
            {
                return false;
            }

            progress = new TransferProgress(
                stats.GetProperty("bytes").GetInt64(),
                stats.TryGetProperty("totalBytes", out var total) && total.GetInt64() > 0
                    ? total.GetInt64()
                    : null,
                stats.TryGetProperty("speed", out var speed) ? speed.GetDouble() : 0,
                stats.TryGetProperty("eta", out var eta) && eta.ValueKind == JsonValueKind.Number
                    ? TimeSpan.FromSeconds(eta.GetDouble())
                    : null
            );
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>The "Hashes" of <c>rclone backend features</c>.</summary>
    public static IReadOnlySet<HashType> ParseHashTypes(string featuresJson)
    {
        using var document = JsonDocument.Parse(featuresJson);
        return
            document.RootElement.TryGetProperty("Hashes", out var hashes)
            && hashes.ValueKind == JsonValueKind.Array
            ? hashes.EnumerateArray().Select(h => HashType.Parse(h.GetString()!)).ToHashSet()
            : new HashSet<HashType>();
    }

    /// <summary>The backend's description (`String` in `backend features`), e.g. "Encrypted drive 'c:'".</summary>
    public static string ParseFeaturesName(string featuresJson)
    {
        using var document = JsonDocument.Parse(featuresJson);
        return
            document.RootElement.TryGetProperty("String", out var text)
            && text.ValueKind == JsonValueKind.String
            ? text.GetString()!
            : "";
    }

    internal static RemoteEntry ToEntry(JsonElement e) =>
        new(
            e.GetProperty("Path").GetString()!,
            e.GetProperty("Name").GetString()!,
            e.GetProperty("Size").GetInt64(),
            e.GetProperty("ModTime").GetDateTimeOffset(),
            e.GetProperty("IsDir").GetBoolean(),
            e.TryGetProperty("Hashes", out var hashes)
                ? hashes
                    .EnumerateObject()
                    .Where(h => h.Value.GetString() is { Length: > 0 }) // "" when the backend could not compute it
                    .ToDictionary(
                        h => HashType.Parse(h.Name),
                        h => h.Value.GetString()!.ToLowerInvariant()
                    )
                : new Dictionary<HashType, string>()
        );
}
