using System.Globalization;
using System.Text.Json;

namespace Sluice.Tools.Ffmpeg;

/// <summary>Reads <c>ffprobe -print_format json -show_format -show_streams</c>; numbers arrive as strings there.</summary>
public static class FfprobeJson
{
    public static MediaInfo Parse(string json, ProbeDepth depth, IReadOnlyList<string> probeErrors)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var format = root.TryGetProperty("format", out var f)
            ? f
            : throw new FormatException("ffprobe printed no format.");
        var streams = root.TryGetProperty("streams", out var s)
            ? s.EnumerateArray().Select(ToStream).ToList()
            : [];
        return new MediaInfo(
            Seconds(format, "duration"),
            String(format, "format_name") ?? "",
            Long(format, "size") ?? 0,
            streams,
            depth,
            probeErrors
        )
        {
            Tags = AllTags(format),
        };
    }

    private static Dictionary<string, string> AllTags(JsonElement e)
    {
        var tags = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (e.TryGetProperty("tags", out var t) && t.ValueKind == JsonValueKind.Object)
        {
            foreach (
                var p in t.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.String)
            )
            {
                tags.TryAdd(p.Name, p.Value.GetString()!);
            }
        }

        return tags;
    }

    private static MediaStream ToStream(JsonElement s)
    {
        var tags = s.TryGetProperty("tags", out var t) ? t : default;
        var disposition = s.TryGetProperty("disposition", out var d) ? d : default;
        return new MediaStream(
            s.GetProperty("index").GetInt32(),
            Kind(String(s, "codec_type")),
            String(s, "codec_name"),
            Tag(tags, "language"),
            Tag(tags, "title"),
            Flag(disposition, "default"),
            Flag(disposition, "forced"),
            Flag(disposition, "attached_pic"),
            (int?)Long(s, "width"),
            (int?)Long(s, "height"),
            Tag(tags, "filename"),
            Tag(tags, "mimetype"),
            Long(s, "nb_frames"),
            Long(s, "nb_read_packets")
        );
    }

    private static StreamKind Kind(string? codecType) =>
        codecType switch
        {
            "video" => StreamKind.Video,
            "audio" => StreamKind.Audio,
            "subtitle" => StreamKind.Subtitle,
            "attachment" => StreamKind.Attachment,
            "data" or "unknown" => StreamKind.Data, // timecode tracks, streams ffmpeg cannot identify
            _ => throw new FormatException(
                $"ffprobe reported an unexpected codec_type '{codecType}'."
            ),
        };

    private static string? String(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object
        && e.TryGetProperty(name, out var v)
        && v.ValueKind == JsonValueKind.String
            ? v.GetString()
            : null;

    // Matroska writes tags in any case ("LANGUAGE", "Title"); ffprobe keeps them as written.
    private static string? Tag(JsonElement tags, string name) =>
        tags.ValueKind == JsonValueKind.Object
            ? tags.EnumerateObject()
                .FirstOrDefault(p => p.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
                .Value
                is { ValueKind: JsonValueKind.String } v
                ? v.GetString()
                : null
            : null;

    private static bool Flag(JsonElement disposition, string name) =>
        disposition.ValueKind == JsonValueKind.Object
        && disposition.TryGetProperty(name, out var v)
        && v.GetInt32() == 1;

    // Numbers may be JSON numbers or strings, and "N/A" when unknown.
    private static long? Long(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v)
            ? v.ValueKind switch
            {
                JsonValueKind.Number => v.GetInt64(),
                JsonValueKind.String
                    when long.TryParse(
                        v.GetString(),
                        NumberStyles.Integer,
                        CultureInfo.InvariantCulture,
                        out var n
                    ) => n,
                _ => null,
            }
            : null;

    private static TimeSpan? Seconds(JsonElement e, string name) =>
        String(e, name) is { } text
        && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)
            ? TimeSpan.FromSeconds(seconds)
            : null;
}
