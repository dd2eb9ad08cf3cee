namespace Sluice.Tools.Ffmpeg;

/// <summary>
/// Decides from a probe what the encode stage does: skip, hardsub or remux. Pure.
/// </summary>
/// <remarks>
/// Rules, in order: no real video (audio only, cover art only) → skip; mp4/mov with H.264/HEVC,
/// only aac/mp3/ac3 audio and no subtitles → skip; any text subtitle → hardsub the default-flagged
/// one, else the first; otherwise remux into mp4. One audio track is kept: Japanese when there is
/// one, else the default-flagged, else the first.
/// </remarks>
public static class EncodePlanner
{
    private static readonly HashSet<string> SkippableVideo = ["h264", "hevc"];
    private static readonly HashSet<string> Mp4Audio = ["aac", "mp3", "ac3"];

    // Video codecs mp4 carries well enough to copy; anything else (mpeg2, vc1, wmv…) is transcoded.
    private static readonly HashSet<string> Mp4Video = ["h264", "hevc", "av1", "vp9", "mpeg4"];
    private static readonly HashSet<string> TextSubtitles =
    [
        "ass",
        "ssa",
        "subrip",
        "webvtt",
        "mov_text",
        "text",
    ];
    private static readonly HashSet<string> JapaneseTags = ["jpn", "ja", "jap"];

    public static EncodePlan Plan(MediaInfo source)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (source.MainVideo is not { } video)
        {
            return new EncodePlan.Skip("no video stream to encode");
        }

        var subtitles = source.Subtitles.ToList();
        if (
            (source.IsFormat("mp4") || source.IsFormat("mov"))
            && SkippableVideo.Contains(video.CodecName ?? "")
            && source.Audio.All(a => Mp4Audio.Contains(a.CodecName ?? ""))
            && subtitles.Count == 0
        )
        {
            return new EncodePlan.Skip($"already mp4 with {video.CodecName} and compatible audio");
        }

        var audio = PreferredAudio(source);
        var text = subtitles.Where(s => TextSubtitles.Contains(s.CodecName ?? "")).ToList();
        if (text.Count > 0)
        {
            var chosen = text.FirstOrDefault(s => s.IsDefault) ?? text[0];
            return new EncodePlan.Hardsub(
                video.Index,
                audio?.Index,
                audio?.CodecName == "aac",
                subtitles.IndexOf(chosen)
            );
        }

        var copyVideo = Mp4Video.Contains(video.CodecName ?? "");
        return new EncodePlan.Remux(
            video.Index,
            audio?.Index,
            audio is not null && Mp4Audio.Contains(audio.CodecName ?? ""),
            copyVideo,
            copyVideo && video.CodecName == "hevc" ? "hvc1" : null
        );
    }

    private static MediaStream? PreferredAudio(MediaInfo source)
    {
        var audio = source.Audio.ToList();
        return audio.FirstOrDefault(a =>
                JapaneseTags.Contains(a.Language?.ToLowerInvariant() ?? "")
            )
            ?? audio.FirstOrDefault(a => a.IsDefault)
            ?? audio.FirstOrDefault();
    }
}
