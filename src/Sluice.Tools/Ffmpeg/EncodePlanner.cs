namespace Sluice.Tools.Ffmpeg;

/// <summary>
/// Decides from a probe, the item's kind and the ordered profiles what the encode stage does. Pure.
/// </summary>
/// <remarks>
/// <para>A file without real video (audio only, cover art only) is skipped. Otherwise the first
/// profile whose conditions match decides:</para>
/// <list type="bullet">
/// <item><b>Hardsub</b> applies when <see cref="StreamSelection.Subtitles"/> finds something to
/// burn; when it does not (no text track, or a dub without a signs track) the next profile is
/// tried.</item>
/// <item><b>Transcode</b> skips a file whose video already is the target codec, in the target
/// container, with audio (and, for mp4, no subtitles) that container keeps as they are.</item>
/// <item><b>Remux</b> skips a file already in the target container whose streams it carries
/// (today's rule: mp4/mov with H.264/HEVC, aac/mp3/ac3 audio and no subtitles).</item>
/// </list>
/// <para>No matching profile: skip, naming why each one did not match. One audio track is kept
/// (<see cref="StreamSelection.Audio"/>); audio the container cannot carry is encoded to AAC.</para>
/// </remarks>
public static partial class EncodePlanner
{
    public static EncodeDecision Decide(
        MediaInfo source,
        string kind,
        IReadOnlyList<EncodeProfile> profiles,
        StreamPreferences preferences
    )
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(profiles);
        if (source.MainVideo is not { } video)
        {
            return new EncodeDecision.Skip("no video stream to encode");
        }

        var audio = StreamSelection.Audio(source, kind, preferences);
        var passed = new List<string>();
        foreach (var profile in profiles)
        {
            if (profile.When.Mismatch(source, kind) is { } mismatch)
            {
                passed.Add($"{profile.Name}: {mismatch}");
                continue;
            }

            var context = new PlanContext(source, video, audio, profile);
            var (decision, notApplicable) = profile.Action switch
            {
                EncodeAction.Hardsub => Hardsub(context, preferences),
                EncodeAction.Transcode => Transcode(context),
                EncodeAction.Remux => Remux(context),
                _ => throw new InvalidOperationException($"Unknown action {profile.Action}."),
            };
            if (decision is null)
            {
                passed.Add($"{profile.Name}: {notApplicable}");
                continue;
            }

            return decision;
        }

        return new EncodeDecision.Skip(
            passed.Count == 0
                ? "no encode profile is configured"
                : $"no profile applies ({string.Join("; ", passed)})"
        );
    }
}
