using System.Globalization;
using System.Text.Json;

namespace Sluice.Cli.Ctl;

/// <summary>A running job's progress as people read it: "42% · 1.2 GiB of 2.9 GiB · 11 MiB/s · eta 00:02:31".</summary>
public static class ProgressText
{
    /// <summary>The percent done, when the step knows it.</summary>
    public static double? Percent(JsonElement job) =>
        job.TryGetProperty("progress", out var p)
        && p.ValueKind == JsonValueKind.Object
        && p.TryGetProperty("percent", out var percent)
        && percent.ValueKind == JsonValueKind.Number
            ? Math.Clamp(percent.GetDouble(), 0, 100)
            : null;

    public static string Describe(JsonElement job)
    {
        if (!job.TryGetProperty("progress", out var p) || p.ValueKind != JsonValueKind.Object)
        {
            return "";
        }

        var parts = new List<string>();
        if (Percent(job) is { } percent)
        {
            parts.Add(percent.ToString("0.#", CultureInfo.InvariantCulture) + "%");
        }

        if (Number(p, "bytes") is { } bytes)
        {
            parts.Add(
                Number(p, "total") is { } total ? $"{Size(bytes)} of {Size(total)}" : Size(bytes)
            );
        }

        if (Number(p, "bytesPerSecond") is { } rate and > 0)
        {
            parts.Add($"{Size(rate)}/s");
        }

        if (Number(p, "speed") is { } speed)
        {
            parts.Add(speed.ToString("0.##", CultureInfo.InvariantCulture) + "x");
        }

        if (Text(p, "destination") is { } destination)
        {
            parts.Add($"to {destination}");
        }

        if (Text(p, "fetching") is { } fetching)
        {
            parts.Add($"fetching from {fetching}");
        }

        if (Text(p, "eta") is { } eta)
        {
            parts.Add($"eta {eta}");
        }

        return string.Join(" · ", parts);
    }

    private static double? Number(JsonElement p, string name) =>
        p.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number
            ? v.GetDouble()
            : null;

    private static string? Text(JsonElement p, string name) =>
        p.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String
            ? v.GetString()
            : null;

    private static string Size(double bytes) =>
        bytes >= 1L << 30 ? (bytes / (1L << 30)).ToString("0.#' GiB'", CultureInfo.InvariantCulture)
        : bytes >= 1L << 20
            ? (bytes / (1L << 20)).ToString("0.#' MiB'", CultureInfo.InvariantCulture)
        : bytes >= 1L << 10
            ? (bytes / (1L << 10)).ToString("0.#' KiB'", CultureInfo.InvariantCulture)
        : bytes.ToString("0' B'", CultureInfo.InvariantCulture);
}
