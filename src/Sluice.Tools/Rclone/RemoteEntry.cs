namespace Sluice.Tools.Rclone;

/// <summary>One object or directory as <c>rclone lsjson</c> reports it.</summary>
/// <param name="Path">Relative to the listed directory (for a stat: the name).</param>
/// <param name="Size">Bytes; -1 for directories and objects of unknown size.</param>
/// <param name="Hashes">Lower-case hex by hash type, for the types asked for that the backend has.</param>
public sealed record RemoteEntry(
    string Path,
    string Name,
    long Size,
    DateTimeOffset ModTime,
    bool IsDir,
    IReadOnlyDictionary<HashType, string> Hashes
);

/// <summary>Progress of one transfer from rclone's stats.</summary>
public sealed record TransferProgress(
    long Bytes,
    long? TotalBytes,
    double BytesPerSecond,
    TimeSpan? Eta
)
{
    public double? Percent => TotalBytes is > 0 and var total ? 100.0 * Bytes / total : null;
}
