using Sluice.Domain.Items;
using Sluice.Node.Configuration;
using Sluice.Testing.Media;
using Sluice.Tools.Ffmpeg;

namespace Sluice.Node.Tests.Encode;

/// <summary>The encode step on real clips with the real ffmpeg: what it writes, burns and keeps.</summary>
public sealed class EncodeSpecs
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private const string Episode = "Shows/Frieren/Season 01/Frieren - S01E07.mkv";

    [Fact]
    public async Task A_fansub_episode_is_burned_in_with_the_font_attached_to_the_file()
    {
        await using var rig = await EncodeRig.CreateAsync();
        // No system fonts at all, and the font tagged octet-stream as many releases do: only the
        // font Sluice extracts from the file can draw the text.
        rig.UseFfmpeg(rig.WithoutSystemFonts());
        var withFont = await rig.ClipAsync("font.mkv", Fansub(attachFont: true), Ct);
        var withoutFont = await rig.ClipAsync("nofont.mkv", Fansub(attachFont: false), Ct);
        var id = await rig.ItemAsync(withFont, "[Group] Frieren - 07 [1080p].mkv", Episode, ct: Ct);
        var control = await rig.ItemAsync(
            withoutFont,
            "[Group] Frieren - 08 [1080p].mkv",
            "Shows/Frieren/Season 01/Frieren - S01E08.mkv",
            ct: Ct
        );

        var output = (await rig.EncodeAsync(id, Ct)).ShouldBeOfType<CompleteEncode>().Output;
        var unburned = (await rig.EncodeAsync(control, Ct)).ShouldBeOfType<CompleteEncode>().Output;

        output.Profile.ShouldBe("hardsub");
        output.LibraryPath.ShouldBe("Encoded/Shows/Frieren/Season 01/Frieren - S01E07.mp4");
        output.Reason.ShouldNotBeNull().ShouldContain("with the file's 1 attached font(s)");
        output.EncodeSeconds.ShouldNotBeNull().ShouldBeGreaterThan(0);
        (await TextPixelsAsync(rig, withFont, output)).ShouldBeGreaterThan(
            50,
            "the subtitle was drawn"
        );
        (await TextPixelsAsync(rig, withoutFont, unburned)).ShouldBeLessThan(
            20,
            "without the attached font libass draws nothing here"
        );
        rig.Files(rig.Node.Paths.Work).ShouldBeEmpty();
        (await rig.ItemStateAsync(id, Ct)).Output.ShouldBe(output);
    }

    [Fact]
    public async Task Anime_keeps_the_japanese_audio_and_a_film_keeps_its_default_track()
    {
        await using var rig = await EncodeRig.CreateAsync();
        var clip = await rig.ClipAsync(
            "dual.mkv",
            new ClipOptions { AudioLanguages = ["eng", "jpn"] },
            Ct
        );
        var anime = await rig.ItemAsync(
            clip,
            "[Group] Show - 01 [720p].mkv",
            "Shows/Show/Season 01/Show - S01E01.mkv",
            ct: Ct
        );
        var film = await rig.ItemAsync(
            clip,
            "Film.2019.720p.WEB.x264-GRP.mkv",
            "Movies/Film (2019)/Film (2019).mkv",
            "movie",
            Ct
        );

        var animeOutput = (await rig.EncodeAsync(anime, Ct))
            .ShouldBeOfType<CompleteEncode>()
            .Output;
        var filmOutput = (await rig.EncodeAsync(film, Ct)).ShouldBeOfType<CompleteEncode>().Output;

        (await AudioLanguageAsync(rig, animeOutput)).ShouldBe("jpn");
        (await AudioLanguageAsync(rig, filmOutput)).ShouldBe("eng");
        animeOutput.Profile.ShouldBe("remux");
        animeOutput.Reason.ShouldNotBeNull().ShouldContain("audio #2 (aac, jpn)");
    }

    [Fact]
    public async Task The_configured_audio_language_wins_and_the_encode_follows_a_transcode_profile_and_its_output_name()
    {
        await using var rig = await EncodeRig.CreateAsync(
            new EncodeOptions
            {
                Audio = new EncodeAudioOptions { AnimeLanguages = ["en"] },
                Profiles =
                [
                    new EncodeProfileOptions
                    {
                        Name = "hevc",
                        Action = EncodeAction.Transcode,
                        When = new EncodeConditionOptions
                        {
                            Kinds = ["anime"],
                            NotVideoCodecs = ["h265"],
                        },
                        VideoCodec = "h265",
                        Preset = "ultrafast",
                        Container = OutputContainer.Mkv,
                        Output = "{Folder}/{Profile}/{Name}",
                    },
                ],
            }
        );
        var clip = await rig.ClipAsync(
            "dual.mkv",
            new ClipOptions
            {
                AudioLanguages = ["jpn", "eng"],
                Subtitles = true,
                AttachFont = true,
            },
            Ct
        );
        var id = await rig.ItemAsync(clip, "[Group] Frieren - 07 [1080p].mkv", Episode, ct: Ct);

        var output = (await rig.EncodeAsync(id, Ct)).ShouldBeOfType<CompleteEncode>().Output;

        output.Profile.ShouldBe("hevc");
        output.LibraryPath.ShouldBe("Encoded/Shows/Frieren/Season 01/hevc/Frieren - S01E07.mkv");
        var result = await rig.Ffprobe.ProbeAsync(rig.Library(output.LibraryPath), Ct);
        result.MainVideo.ShouldNotBeNull().CodecName.ShouldBe("hevc");
        result.Audio.ShouldHaveSingleItem().Language.ShouldBe("eng");
        result.Subtitles.ShouldHaveSingleItem().CodecName.ShouldBe("ass");
        result.Streams.ShouldContain(s => s.Kind == StreamKind.Attachment);
    }

    [Fact]
    public async Task A_file_that_already_conforms_is_skipped_and_nothing_is_written()
    {
        await using var rig = await EncodeRig.CreateAsync();
        var clip = await rig.ClipAsync(
            "ok.mp4",
            new ClipOptions { Container = ClipContainer.Mp4 },
            Ct
        );
        var id = await rig.ItemAsync(
            clip,
            "Film.2019.720p.WEB.x264-GRP.mp4",
            "Movies/Film (2019)/Film (2019).mp4",
            "movie",
            Ct
        );

        var outcome = await rig.EncodeAsync(id, Ct);

        outcome
            .ShouldBeOfType<SkipEncode>()
            .Reason.ShouldBe("remux: already mp4 with h264 and audio it carries");
        var item = await rig.ItemStateAsync(id, Ct);
        item.State.ShouldBe(ItemState.Encoded);
        item.EncodeSkipped.ShouldBe("remux: already mp4 with h264 and audio it carries");
        rig.Files(rig.Library("Encoded")).ShouldBeEmpty();
        rig.Files(rig.Node.Paths.Work).ShouldBeEmpty();
    }

    private static ClipOptions Fansub(bool attachFont) =>
        new()
        {
            Subtitles = true,
            AttachFont = attachFont,
            FontMimeType = "application/octet-stream",
        };

    /// <summary>Pixels of the bottom third (where the subtitle sits) that the encode changed strongly.</summary>
    private static async Task<int> TextPixelsAsync(
        EncodeRig rig,
        string source,
        EncodeOutput output
    )
    {
        var before = await Frames.GrayAsync(source, TimeSpan.FromSeconds(1), rig.Scratch, Ct);
        var after = await Frames.GrayAsync(
            rig.Library(output.LibraryPath),
            TimeSpan.FromSeconds(1),
            rig.Scratch,
            Ct
        );
        return Frames.Differing(before, after, 160, 60, 90);
    }

    private static async Task<string?> AudioLanguageAsync(EncodeRig rig, EncodeOutput output) =>
        (await rig.Ffprobe.ProbeAsync(rig.Library(output.LibraryPath), Ct))
            .Audio.ShouldHaveSingleItem()
            .Language;
}
