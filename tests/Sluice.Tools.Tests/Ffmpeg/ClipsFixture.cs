using Sluice.Testing;
using Sluice.Testing.Media;

namespace Sluice.Tools.Tests.Ffmpeg;

/// <summary>The clips the ffmpeg specs share, generated once per class and in parallel. Tests copy them before changing anything.</summary>
public sealed class ClipsFixture : IAsyncLifetime
{
    private readonly TempDirectory _directory = new("sluice-clips");

    /// <summary>Fansub-like: English then Japanese audio, an ASS track, DejaVu Sans attached.</summary>
    public string Anime { get; private set; } = "";

    /// <summary>Like <see cref="Anime"/> with Japanese audio only, but the font is tagged application/octet-stream, as many releases do.</summary>
    public string OctetStreamFont { get; private set; } = "";

    /// <summary>Japanese audio; an English "Dialogue" track at the bottom and a "Signs & Songs" track at the top.</summary>
    public string DialogueAndSigns { get; private set; } = "";

    /// <summary>ASS subtitles whose font is not attached.</summary>
    public string SubtitlesWithoutFont { get; private set; } = "";

    /// <summary>No subtitles, Japanese then English audio.</summary>
    public string Plain { get; private set; } = "";

    /// <summary>H.264 + AAC in mp4: nothing to do.</summary>
    public string Mp4 { get; private set; } = "";

    public string Silent { get; private set; } = "";

    /// <summary>30 s, for encodes that must still be running when they are cancelled.</summary>
    public string Long { get; private set; } = "";

    public async ValueTask InitializeAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        var dir = _directory.Path;
        var created = await Task.WhenAll(
            TestClips.CreateAsync(
                dir,
                "anime.mkv",
                new ClipOptions
                {
                    AudioLanguages = ["eng", "jpn"],
                    Subtitles = true,
                    AttachFont = true,
                },
                ct
            ),
            TestClips.CreateAsync(dir, "nofont.mkv", new ClipOptions { Subtitles = true }, ct),
            TestClips.CreateAsync(
                dir,
                "plain.mkv",
                new ClipOptions { AudioLanguages = ["jpn", "eng"] },
                ct
            ),
            TestClips.CreateAsync(
                dir,
                "conforming.mp4",
                new ClipOptions { Container = ClipContainer.Mp4 },
                ct
            ),
            TestClips.CreateAsync(dir, "silent.mkv", new ClipOptions { AudioLanguages = [] }, ct),
            TestClips.CreateAsync(
                dir,
                "long.mkv",
                new ClipOptions { Duration = TimeSpan.FromSeconds(30) },
                ct
            ),
            TestClips.CreateAsync(
                dir,
                "octet.mkv",
                new ClipOptions
                {
                    Subtitles = true,
                    AttachFont = true,
                    FontMimeType = "application/octet-stream",
                },
                ct
            ),
            TestClips.CreateAsync(
                dir,
                "signs.mkv",
                new ClipOptions
                {
                    SubtitleTracks =
                    [
                        new ClipSubtitle("Hello", "eng", "English (Dialogue)", Default: true),
                        new ClipSubtitle("SIGN", "eng", "Signs & Songs", Top: true),
                    ],
                },
                ct
            )
        );
        (Anime, SubtitlesWithoutFont, Plain, Mp4, Silent, Long) = (
            created[0],
            created[1],
            created[2],
            created[3],
            created[4],
            created[5]
        );
        (OctetStreamFont, DialogueAndSigns) = (created[6], created[7]);
    }

    public ValueTask DisposeAsync()
    {
        _directory.Dispose();
        return ValueTask.CompletedTask;
    }
}
