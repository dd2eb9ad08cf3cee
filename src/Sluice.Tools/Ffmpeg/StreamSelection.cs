using System.Text.RegularExpressions;

namespace Sluice.Tools.Ffmpeg;

/// <summary>Which tracks a user wants kept or burned.</summary>
/// <param name="AudioLanguages">Preferred audio languages, best first, for everything but anime.</param>
/// <param name="AnimeAudioLanguages">The same for anime; Japanese by default.</param>
/// <param name="AudioCodecs">Among tracks of the chosen language, codecs in this order win (e.g. aac before flac).</param>
/// <param name="SubtitleLanguages">Preferred languages of the subtitle track to burn, best first.</param>
public sealed record StreamPreferences(
    IReadOnlyList<string> AudioLanguages,
    IReadOnlyList<string> AnimeAudioLanguages,
    IReadOnlyList<string> AudioCodecs,
    IReadOnlyList<string> SubtitleLanguages
)
{
    public static StreamPreferences Default { get; } = new([], ["jpn"], [], []);

    public IReadOnlyList<string> AudioLanguagesFor(string kind) =>
        kind == "anime" ? AnimeAudioLanguages : AudioLanguages;
}

/// <summary>
/// Picks the audio track to keep and the subtitle tracks to burn. Pure.
/// </summary>
/// <remarks>
/// <para><b>Audio:</b> the first preferred language the file has; without one, the language of
/// the default-flagged track (else the first). Among that language's tracks the preferred codec
/// wins, then the default flag, then file order.</para>
/// <para><b>Subtitles</b> (text tracks only; image subtitles cannot be burned by libass): a track
/// whose title names signs or songs ("Signs &amp; Songs", "Signs/Songs", "English [Signs]") and not
/// "full" or "dialogue", or that is flagged forced, is a <i>signs</i> track; the others are
/// <i>full</i> tracks. The main track is the full track in the first preferred language, else
/// the default-flagged one, else the first. The burn rule:
/// <list type="bullet">
/// <item>the audio is in the main track's language (a dub): burn only a signs track, which
/// translates on-screen text and songs the dub leaves alone; none means nothing to burn;</item>
/// <item>otherwise (Japanese audio with English subtitles): burn the main track, and on top of
/// it a signs track when the main track calls itself dialogue-only ("Dialogue");</item>
/// <item>no full track at all: burn a signs track if there is one.</item>
/// </list></para>
/// </remarks>
public static partial class StreamSelection
{
    public static MediaStream? Audio(MediaInfo source, string kind, StreamPreferences preferences)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(preferences);
        var tracks = source.Audio.ToList();
        if (tracks.Count == 0)
        {
            return null;
        }

        var language = preferences
            .AudioLanguagesFor(kind)
            .Select(Languages.Normalize)
            .FirstOrDefault(l => tracks.Any(t => Languages.Normalize(t.Language) == l));
        var pool = language is null
            ? LanguageOf(tracks.FirstOrDefault(t => t.IsDefault) ?? tracks[0], tracks)
            : tracks.Where(t => Languages.Normalize(t.Language) == language).ToList();
        return pool.OrderBy(t => CodecRank(t, preferences.AudioCodecs))
            .ThenByDescending(t => t.IsDefault)
            .ThenBy(t => t.Index)
            .First();
    }

    /// <summary>The subtitle tracks to burn, in drawing order, and why; empty with the reason there is nothing to burn.</summary>
    public static SubtitleChoice Subtitles(
        MediaInfo source,
        MediaStream? audio,
        StreamPreferences preferences
    )
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(preferences);
        var all = source.Subtitles.ToList();
        var text = all.Where(ContainerRules.IsText).ToList();
        if (text.Count == 0)
        {
            return new SubtitleChoice([], "there is no text subtitle");
        }

        var signs = text.Where(IsSigns).ToList();
        var full = text.Except(signs).ToList();
        var main = Preferred(full, preferences.SubtitleLanguages);
        var signsTrack = Preferred(
            signs,
            [
                .. main?.Language is { } l ? [l] : Array.Empty<string>(),
                .. preferences.SubtitleLanguages,
            ]
        );
        int Si(MediaStream s) => all.IndexOf(s);
        var audioLanguage = Languages.Normalize(audio?.Language);
        if (main is not null && !Languages.Same(audioLanguage, main.Language))
        {
            return IsDialogueOnly(main) && signsTrack is not null
                ? new SubtitleChoice(
                    [Si(main), Si(signsTrack)],
                    $"{Describe(main)} with {Describe(signsTrack)} on top"
                )
                : new SubtitleChoice([Si(main)], Describe(main));
        }

        if (signsTrack is not null)
        {
            return new SubtitleChoice(
                [Si(signsTrack)],
                main is null
                    ? $"only {Describe(signsTrack)}"
                    : $"only {Describe(signsTrack)}: the audio is in the subtitles' language ({audioLanguage})"
            );
        }

        return new SubtitleChoice(
            [],
            $"the audio is in the subtitles' language ({audioLanguage}) and there is no signs/songs track"
        );
    }

    public static bool IsSigns(MediaStream subtitle) =>
        subtitle.IsForced
        || (
            subtitle.Title is { } title
            && SignsWords().IsMatch(title)
            && !FullWords().IsMatch(title)
        );

    private static bool IsDialogueOnly(MediaStream subtitle) =>
        subtitle.Title is { } title
        && DialogueWords().IsMatch(title)
        && !SignsWords().IsMatch(title);

    private static MediaStream? Preferred(
        List<MediaStream> tracks,
        IReadOnlyList<string> languages
    ) =>
        languages
            .Select(Languages.Normalize)
            .Select(l =>
                tracks
                    .Where(t => Languages.Normalize(t.Language) == l)
                    .OrderByDescending(t => t.IsDefault)
                    .FirstOrDefault()
            )
            .FirstOrDefault(t => t is not null)
        ?? tracks.FirstOrDefault(t => t.IsDefault)
        ?? tracks.FirstOrDefault();

    private static List<MediaStream> LanguageOf(MediaStream track, List<MediaStream> tracks) =>
        Languages.Normalize(track.Language) is { } language
            ? [.. tracks.Where(t => Languages.Normalize(t.Language) == language)]
            : [track];

    private static int CodecRank(MediaStream track, IReadOnlyList<string> codecs)
    {
        var rank = codecs
            .Select((c, i) => (c, i))
            .FirstOrDefault(p => p.c.Equals(track.CodecName, StringComparison.OrdinalIgnoreCase))
            .i;
        return codecs.Any(c => c.Equals(track.CodecName, StringComparison.OrdinalIgnoreCase))
            ? rank
            : codecs.Count;
    }

    private static string Describe(MediaStream s) =>
        $"subtitle #{s.Index}"
        + (s.Title is { Length: > 0 } t ? $" '{t}'" : "")
        + $" ({s.CodecName}, {Languages.Normalize(s.Language) ?? "no language"})";

    [GeneratedRegex(@"\b(signs?|songs?|s\s*&\s*s)\b", RegexOptions.IgnoreCase, 100)]
    private static partial Regex SignsWords();

    [GeneratedRegex(@"\b(full|dialog(ue)?s?)\b", RegexOptions.IgnoreCase, 100)]
    private static partial Regex FullWords();

    [GeneratedRegex(@"\bdialog(ue)?s?\b", RegexOptions.IgnoreCase, 100)]
    private static partial Regex DialogueWords();
}

/// <param name="Burn">Indexes among the subtitle streams (the <c>si</c> of the subtitles filter), drawing order.</param>
public sealed record SubtitleChoice(IReadOnlyList<int> Burn, string Reason);
