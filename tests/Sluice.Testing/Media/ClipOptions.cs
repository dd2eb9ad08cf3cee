namespace Sluice.Testing.Media;

public enum ClipContainer
{
    Mkv,
    Mp4,
}

/// <summary>What a generated test clip contains. Defaults: 2 s, 160x90, H.264, one Japanese AAC track, mkv.</summary>
public sealed record ClipOptions
{
    public ClipContainer Container { get; init; } = ClipContainer.Mkv;

    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(2);

    public int Width { get; init; } = 160;

    public int Height { get; init; } = 90;

    /// <summary>An ffmpeg encoder: libx264, libx265, mpeg2video…</summary>
    public string VideoCodec { get; init; } = "libx264";

    /// <summary>One audio track per entry, tagged with that language; empty for no audio.</summary>
    public IReadOnlyList<string> AudioLanguages { get; init; } = ["jpn"];

    /// <summary>An ffmpeg encoder: aac, libopus, flac, ac3…</summary>
    public string AudioCodec { get; init; } = "aac";

    /// <summary>Adds one text subtitle track (ASS in mkv, mov_text in mp4), flagged default, saying "Hello".</summary>
    public bool Subtitles { get; init; }

    /// <summary>Subtitle tracks (ASS in mkv, mov_text in mp4); when empty, <see cref="Subtitles"/> adds the one "Hello" track.</summary>
    public IReadOnlyList<ClipSubtitle> SubtitleTracks { get; init; } = [];

    /// <summary>Attaches DejaVuSans.ttf (mkv only), the font the subtitle style names.</summary>
    public bool AttachFont { get; init; }

    /// <summary>The attached font's mimetype; many real releases say application/octet-stream.</summary>
    public string FontMimeType { get; init; } = "application/x-truetype-font";
}

/// <summary>One subtitle track of a clip: its text is shown for the whole clip.</summary>
/// <param name="Top">Drawn at the top of the picture (as signs are), else at the bottom.</param>
public sealed record ClipSubtitle(
    string Text,
    string? Language = null,
    string? Title = null,
    bool Default = false,
    bool Top = false
);
