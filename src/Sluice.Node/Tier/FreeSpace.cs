namespace Sluice.Node.Tier;

/// <summary>Free and total bytes of the volume holding a path.</summary>
public readonly record struct VolumeSpace(long FreeBytes, long TotalBytes)
{
    public double FreePercent => TotalBytes <= 0 ? 100 : 100.0 * FreeBytes / TotalBytes;
}

/// <summary>Measures a volume. Injected so tiering can be driven through any fill level in tests.</summary>
public interface IFreeSpaceProbe
{
    VolumeSpace Measure(string path);
}

/// <summary>statvfs through DriveInfo: the space an unprivileged writer can still use.</summary>
public sealed class StatvfsProbe : IFreeSpaceProbe
{
    public VolumeSpace Measure(string path)
    {
        var drive = new DriveInfo(path);
        return new VolumeSpace(drive.AvailableFreeSpace, drive.TotalSize);
    }
}
