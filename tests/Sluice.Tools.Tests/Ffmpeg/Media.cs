using Sluice.Tools.Ffmpeg;

namespace Sluice.Tools.Tests.Ffmpeg;

/// <summary>Hand-built probe results for the pure specs.</summary>
internal static class Media
{
    public static MediaStream Video(int index, string codec = "h264", bool coverArt = false) =>
        new(
            index,
            StreamKind.Video,
            codec,
            null,
            null,
            true,
            false,
            coverArt,
            1920,
            1080,
            null,
            null,
            null,
            null
        );

    public static MediaStream Audio(
        int index,
        string codec = "aac",
        string? language = null,
        bool isDefault = false
    ) =>
        new(
            index,
            StreamKind.Audio,
            codec,
            language,
            null,
            isDefault,
            false,
            false,
            null,
            null,
            null,
            null,
            null,
            null
        );

    public static MediaStream Subtitle(
        int index,
        string codec = "ass",
        bool isDefault = false,
        string? language = "eng",
        string? title = null,
        bool forced = false
    ) =>
        new(
            index,
            StreamKind.Subtitle,
            codec,
            language,
            title,
            isDefault,
            forced,
            false,
            null,
            null,
            null,
            null,
            null,
            null
        );

    public static MediaStream Font(
        int index,
        string? fileName = "font.ttf",
        string? mimeType = "application/x-truetype-font",
        string? codec = "ttf"
    ) =>
        new(
            index,
            StreamKind.Attachment,
            codec,
            null,
            null,
            false,
            false,
            false,
            null,
            null,
            fileName,
            mimeType,
            null,
            null
        );

    /// <summary>What the default profiles decide for an episode (or <paramref name="kind"/>).</summary>
    public static EncodeDecision Decide(
        MediaInfo source,
        string kind = "episode",
        IReadOnlyList<EncodeProfile>? profiles = null,
        StreamPreferences? preferences = null
    ) =>
        EncodePlanner.Decide(
            source,
            kind,
            profiles ?? EncodeProfile.Defaults,
            preferences ?? StreamPreferences.Default
        );

    public static EncodePlan Planned(EncodeDecision decision) =>
        decision.ShouldBeOfType<EncodeDecision.Run>().Plan;

    public static MediaInfo File(string format, params MediaStream[] streams) =>
        new(TimeSpan.FromMinutes(24), format, 300_000_000, streams, ProbeDepth.Headers, []);

    public const string Mkv = "matroska,webm";
    public const string Mp4 = "mov,mp4,m4a,3gp,3g2,mj2";
}
