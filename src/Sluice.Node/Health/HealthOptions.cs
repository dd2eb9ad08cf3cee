namespace Sluice.Node.Health;

/// <summary>How the node watches the places it works on.</summary>
public sealed class HealthOptions
{
    public const string Section = "Health";

    /// <summary>How often every location is probed.</summary>
    public TimeSpan ProbeInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A probe that takes longer counts as down (a hung FUSE mount, a remote that does not answer).</summary>
    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>The union view (mergerfs over the library and the vault's mount), if the node should watch it.</summary>
    public string? Union { get; set; }

    /// <summary>Under this much free space on the library volume, with no usable vault, ingest and encode pause.</summary>
    public double HardFloorPercent { get; set; } = 5;
}
