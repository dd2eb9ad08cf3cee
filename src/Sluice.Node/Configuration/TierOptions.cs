namespace Sluice.Node.Configuration;

/// <summary>
/// Tiering keeps every local volume that holds library files above a free-space floor. Each
/// volume (st_dev: the library root, an encoded-output folder mounted elsewhere…) is measured
/// and evicted from on its own; the watermarks below apply to each unless <see cref="Volumes"/>
/// overrides them for one.
/// </summary>
public sealed class TierOptions
{
    public const string Section = "Tier";

    /// <summary>Besides the tier step of each item, a pass runs this often on every node with the tier role.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Eviction starts on a volume with less free space than this (the first seed's rule: below 35%).</summary>
    public double LowWatermarkPercent { get; set; } = 35;

    /// <summary>Eviction on that volume stops once its free space is back at or above this.</summary>
    public double HighWatermarkPercent { get; set; } = 40;

    /// <summary>Files of items that finished more recently than this are never evicted (just ingested).</summary>
    public TimeSpan MinResidency { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Per-volume watermarks: each entry names a path on the volume it applies to.</summary>
    public List<TierVolumeOptions> Volumes { get; set; } = [];
}

/// <summary>Watermarks for the volume holding <see cref="Path"/>; an unset one falls back to the global value.</summary>
public sealed class TierVolumeOptions
{
    /// <summary>An absolute path on the volume (its mount point or any folder on it).</summary>
    public string Path { get; set; } = "";

    public double? LowWatermarkPercent { get; set; }

    public double? HighWatermarkPercent { get; set; }
}

/// <summary>The pair of watermarks one volume is kept within.</summary>
public readonly record struct Watermarks(double LowPercent, double HighPercent);
