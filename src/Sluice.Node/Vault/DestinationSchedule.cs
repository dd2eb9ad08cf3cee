using System.Globalization;
using Sluice.Node.Configuration;

namespace Sluice.Node.Vault;

/// <summary>
/// A destination's calendar: its upload windows, the day its cap counts, and when a quota
/// pause ends. Pure: every answer comes from the instant it is given, in the destination's
/// time zone.
/// </summary>
public sealed class DestinationSchedule
{
    private readonly IReadOnlyList<(TimeSpan Start, TimeSpan End)> _windows;
    private readonly TimeSpan? _quotaReset;
    private readonly TimeSpan _quotaPause;

    private DestinationSchedule(
        TimeZoneInfo zone,
        IReadOnlyList<(TimeSpan, TimeSpan)> windows,
        long? dailyCap,
        TimeSpan? quotaReset,
        TimeSpan quotaPause
    )
    {
        Zone = zone;
        _windows = windows;
        DailyCap = dailyCap;
        _quotaReset = quotaReset;
        _quotaPause = quotaPause;
    }

    public TimeZoneInfo Zone { get; }

    /// <summary>Bytes a day, or null for no cap.</summary>
    public long? DailyCap { get; }

    public bool HasWindows => _windows.Count > 0;

    /// <summary>Reads the options, or says which key is wrong and why.</summary>
    public static DestinationSchedule Parse(
        VaultDestinationOptions options,
        TimeZoneInfo fallbackZone,
        string key
    )
    {
        var zone = fallbackZone;
        if (!string.IsNullOrWhiteSpace(options.TimeZone))
        {
            try
            {
                zone = TimeZoneInfo.FindSystemTimeZoneById(options.TimeZone);
            }
            catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
            {
                throw new FormatException(
                    $"{key}:TimeZone '{options.TimeZone}' is not a time zone this machine knows (an IANA name such as 'Europe/Berlin')."
                );
            }
        }

        var windows = options
            .UploadWindows.Select((w, i) => Window(w, $"{key}:UploadWindows:{i}"))
            .ToList();
        long? cap = string.IsNullOrWhiteSpace(options.DailyCap)
            ? null
            : Size(options.DailyCap, $"{key}:DailyCap");
        TimeSpan? reset = string.IsNullOrWhiteSpace(options.QuotaResetsAt)
            ? null
            : TimeOfDay(options.QuotaResetsAt, $"{key}:QuotaResetsAt");
        if (options.QuotaPause <= TimeSpan.Zero)
        {
            throw new FormatException($"{key}:QuotaPause must be positive.");
        }

        return new DestinationSchedule(zone, windows, cap, reset, options.QuotaPause);
    }

    /// <summary>True when an upload may start now; otherwise <paramref name="opens"/> is when the next window opens.</summary>
    public bool IsOpen(DateTimeOffset now, out DateTimeOffset opens)
    {
        opens = now;
        if (_windows.Count == 0)
        {
            return true;
        }

        var local = TimeZoneInfo.ConvertTime(now, Zone);
        var time = local.TimeOfDay;
        if (_windows.Any(w => Inside(w, time)))
        {
            return true;
        }

        opens = _windows.Select(w => NextAt(local, w.Start)).Min();
        return false;
    }

    /// <summary>The day a cap counts against, in the destination's zone.</summary>
    /// <summary>
    /// When the upload window open at <paramref name="now"/> closes (windows that touch or
    /// overlap count as one); null when uploads are never shut off (no windows, or windows
    /// that cover the whole day).
    /// </summary>
    public DateTimeOffset? ClosesAt(DateTimeOffset now)
    {
        if (_windows.Count == 0 || _windows.Any(w => w.Start == w.End))
        {
            return null;
        }

        var at = now;
        for (var i = 0; i <= _windows.Count; i++)
        {
            var local = TimeZoneInfo.ConvertTime(at, Zone);
            var open = _windows.Where(w => Inside(w, local.TimeOfDay)).ToList();
            if (open.Count == 0)
            {
                return at;
            }

            at = open.Select(w => NextAt(local, w.End)).Max();
        }

        return null; // the windows chain around the clock
    }

    public string DayOf(DateTimeOffset now) =>
        TimeZoneInfo.ConvertTime(now, Zone).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>The start of the next day in the destination's zone, when a full cap has room again.</summary>
    public DateTimeOffset NextDay(DateTimeOffset now) =>
        NextAt(TimeZoneInfo.ConvertTime(now, Zone), TimeSpan.Zero);

    /// <summary>When a quota error's pause ends: the provider's reset time, or a fixed pause.</summary>
    public DateTimeOffset QuotaResumes(DateTimeOffset now) =>
        _quotaReset is { } reset
            ? NextAt(TimeZoneInfo.ConvertTime(now, Zone), reset)
            : now + _quotaPause;

    private static bool Inside((TimeSpan Start, TimeSpan End) w, TimeSpan time) =>
        w.Start == w.End ? true
        : w.Start < w.End ? time >= w.Start && time < w.End
        : time >= w.Start || time < w.End;

    /// <summary>The next instant after <paramref name="local"/> whose wall-clock time in the zone is <paramref name="at"/>.</summary>
    private DateTimeOffset NextAt(DateTimeOffset local, TimeSpan at)
    {
        var candidate = local.Date + at;
        if (candidate <= local.DateTime)
        {
            candidate = candidate.AddDays(1);
        }

        if (Zone.IsInvalidTime(candidate))
        {
            candidate = candidate.AddHours(1); // a spring-forward gap: the first real minute after it
        }

        return new DateTimeOffset(candidate, Zone.GetUtcOffset(candidate));
    }

    private static (TimeSpan, TimeSpan) Window(string text, string key)
    {
        var parts = text.Split('-', StringSplitOptions.TrimEntries);
        return parts.Length == 2
            ? (TimeOfDay(parts[0], key), TimeOfDay(parts[1], key))
            : throw new FormatException(
                $"{key} '{text}' is not a window; write it as HH:mm-HH:mm, e.g. 01:00-07:00."
            );
    }

    private static TimeSpan TimeOfDay(string text, string key) =>
        TimeSpan.TryParseExact(text.Trim(), @"hh\:mm", CultureInfo.InvariantCulture, out var t)
            ? t
            : throw new FormatException($"{key} '{text}' is not a time of day (HH:mm).");

    /// <summary>`700G`, `1.5T`, `500M`, `1024` (bytes); binary units, as rclone reads them.</summary>
    public static long Size(string text, string key)
    {
        var trimmed = text.Trim();
        var unit = trimmed.Length > 0 ? char.ToUpperInvariant(trimmed[^1]) : ' ';
        var factor = unit switch
        {
            'K' => 1L << 10,
            'M' => 1L << 20,
            'G' => 1L << 30,
            'T' => 1L << 40,
            _ => 1L,
        };
        var number = factor == 1 ? trimmed : trimmed[..^1];
        return
            double.TryParse(
                number,
                NumberStyles.AllowDecimalPoint,
                CultureInfo.InvariantCulture,
                out var value
            )
            && value > 0
            && value * factor < long.MaxValue / 2
            ? (long)(value * factor)
            : throw new FormatException(
                $"{key} '{text}' is not a size; write it like 700G, 1.5T or 500M."
            );
    }
}
