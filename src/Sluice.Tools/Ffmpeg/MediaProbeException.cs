namespace Sluice.Tools.Ffmpeg;

/// <summary>ffprobe could not read the file as media: corrupt, truncated before its headers, not media, or missing.</summary>
public sealed class MediaProbeException(
    string path,
    string reason,
    Exception? innerException = null
) : Exception($"'{Path.GetFileName(path)}' could not be read as media: {reason}", innerException)
{
    public string FilePath { get; } = path;

    public string Reason { get; } = reason;
}
