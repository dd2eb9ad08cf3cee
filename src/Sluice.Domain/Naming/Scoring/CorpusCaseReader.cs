using System.Text.Json;

namespace Sluice.Domain.Naming.Scoring;

/// <summary>
/// Reads corpus JSON Lines. Parsing a line is pure; opening the files is left to the test and the
/// benchmark so that the domain stays free of I/O.
/// </summary>
public static class CorpusCaseReader
{
    /// <summary>Parses one non-empty line; throws <see cref="FormatException"/> on anything outside the schema.</summary>
    public static CorpusCase ParseLine(string file, string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        using var document = JsonDocument.Parse(line);
        var root = document.RootElement;
        var input = Text(root, "input");
        var source = root.TryGetProperty("source", out var s) ? s.GetString() ?? "" : "";
        if (
            !root.TryGetProperty("expect", out var expect)
            || expect.ValueKind != JsonValueKind.Object
        )
        {
            throw new FormatException($"Corpus line without an 'expect' object: {input}");
        }

        var expected = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var property in expect.EnumerateObject())
        {
            expected[property.Name] = Value(property.Value, property.Name, input);
        }

        return new CorpusCase(file, source, input, expected);
    }

    private static string Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw new FormatException($"Corpus line without a string '{name}'.");

    private static object? Value(JsonElement value, string key, string input) =>
        value.ValueKind switch
        {
            JsonValueKind.Null => null,
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetInt32(),
            JsonValueKind.Array => value.EnumerateArray().Select(item => item.GetInt32()).ToArray(),
            JsonValueKind.Undefined
            or JsonValueKind.Object
            or JsonValueKind.True
            or JsonValueKind.False => throw new FormatException(
                $"Unexpected {value.ValueKind} for '{key}' in corpus case {input}"
            ),
            _ => throw new FormatException($"Unknown JSON kind {value.ValueKind}."),
        };
}
