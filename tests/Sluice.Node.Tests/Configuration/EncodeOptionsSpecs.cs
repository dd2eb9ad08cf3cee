using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Sluice.Node.Configuration;
using Sluice.Node.Hosting;
using Sluice.Tools.Ffmpeg;

namespace Sluice.Node.Tests.Configuration;

/// <summary>The Encode section as a node reads it: bound from JSON, checked at start.</summary>
public sealed class EncodeOptionsSpecs
{
    private static EncodeOptions Bind(string json)
    {
        var configuration = new ConfigurationBuilder()
            .AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(json)))
            .Build();
        var services = new ServiceCollection();
        services.AddSluiceOptions(configuration);
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptions<EncodeOptions>>().Value;
    }

    [Fact]
    public void Without_an_encode_section_the_profiles_are_hardsub_then_remux_with_japanese_audio_for_anime()
    {
        var options = Bind("{}");

        options.EffectiveProfiles().ShouldBe(EncodeProfile.Defaults);
        options.EffectiveProfiles().Select(p => p.Name).ShouldBe(["hardsub", "remux"]);
        options.Preferences().AnimeAudioLanguages.ShouldBe(["jpn"]);
        options.Preferences().AudioLanguages.ShouldBeEmpty();
        options.Hardware.ShouldBe(HardwareRequest.None);
        options.StopGracePeriod.ShouldBe(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void Profiles_bind_in_order_with_their_conditions_and_lists_replace_the_defaults()
    {
        var options = Bind(
            """
            {
              "Encode": {
                "Hardware": "vaapi",
                "HardwareDevice": "/dev/dri/renderD129",
                "Audio": { "AnimeLanguages": [ "eng" ], "Codecs": [ "flac", "aac" ] },
                "Subtitles": { "Languages": [ "eng" ] },
                "Profiles": [
                  { "Name": "anime-hevc", "Action": "Transcode", "VideoCodec": "h265", "Quality": 24, "Preset": "slow",
                    "Container": "Mkv", "Output": "{Folder}/{Profile}/{Name}",
                    "When": { "Kinds": [ "anime" ], "NotVideoCodecs": [ "hevc" ], "MinHeight": 720 } },
                  { "Name": "rest", "Action": "Remux" }
                ]
              }
            }
            """
        );

        options.Preferences().AnimeAudioLanguages.ShouldBe(["eng"]);
        options.Preferences().AudioCodecs.ShouldBe(["flac", "aac"]);
        options.Preferences().SubtitleLanguages.ShouldBe(["eng"]);
        options.Hardware.ShouldBe(HardwareRequest.Vaapi);
        var profiles = options.EffectiveProfiles();
        profiles.Select(p => p.Name).ShouldBe(["anime-hevc", "rest"]);
        profiles[0]
            .ShouldSatisfyAllConditions(
                p => p.Action.ShouldBe(EncodeAction.Transcode),
                p => p.Video.ShouldBe(new VideoTarget(VideoFormat.H265, 24, "slow")),
                p => p.Container.ShouldBe(OutputContainer.Mkv),
                p => p.When.Kinds.ShouldBe(["anime"]),
                p => p.When.NotVideoCodecs.ShouldBe(["hevc"]),
                p => p.When.MinHeight.ShouldBe(720)
            );
        profiles[1].Video.ShouldBe(VideoTarget.Default);
    }

    [Theory]
    [InlineData("""{ "Name": "x" }""", "Encode:Profiles:0:Action is required")]
    [InlineData("""{ "Name": "a b", "Action": "Remux" }""", "Encode:Profiles:0:Name")]
    [InlineData(
        """{ "Name": "x", "Action": "Transcode", "VideoCodec": "vp9" }""",
        "Encode:Profiles:0:VideoCodec"
    )]
    [InlineData(
        """{ "Name": "x", "Action": "Transcode", "Quality": 60 }""",
        "Encode:Profiles:0:Quality"
    )]
    [InlineData(
        """{ "Name": "x", "Action": "Transcode", "Preset": "quick" }""",
        "Encode:Profiles:0:Preset"
    )]
    [InlineData(
        """{ "Name": "x", "Action": "Remux", "AudioBitrate": "lots" }""",
        "Encode:Profiles:0:AudioBitrate"
    )]
    [InlineData(
        """{ "Name": "x", "Action": "Remux", "Output": "{Path} [{Titel}]" }""",
        "Encode:Profiles:0:Output '{Path} [{Titel}]' names {Titel}"
    )]
    [InlineData(
        """{ "Name": "x", "Action": "Remux", "Output": "../{Name}" }""",
        "Encode:Profiles:0:Output '../{Name}' would leave the output folder"
    )]
    [InlineData(
        """{ "Name": "x", "Action": "Remux", "When": { "Kinds": [ "cartoon" ] } }""",
        "Encode:Profiles:0:When:Kinds"
    )]
    [InlineData(
        """{ "Name": "x", "Action": "Remux", "When": { "MinHeight": 1080, "MaxHeight": 720 } }""",
        "Encode:Profiles:0:When:MinHeight"
    )]
    [InlineData("""{ "Name": "x", "Action": "Remux", "Crf": 20 }""", "Crf")]
    [InlineData("""{ "Name": "x", "Action": "Burn" }""", "Encode:Profiles:0:Action")]
    public void A_bad_profile_is_refused_naming_its_key(string profile, string message)
    {
        var failure = Should.Throw<Exception>(() =>
            Bind(
                $$"""{ "Encode": { "Profiles": [ { "Name": "ok", "Action": "Remux" }, {{profile}} ] } }""".Replace(
                    "Profiles:0",
                    "Profiles:1",
                    StringComparison.Ordinal
                )
            )
        );

        AllMessages(failure)
            .ShouldContain(message.Replace("Profiles:0", "Profiles:1", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("""{ "OutputFolder": "/srv/encoded" }""", "Encode:OutputFolder")]
    [InlineData("""{ "Hardware": "Cuda" }""", "Encode:Hardware")]
    [InlineData("""{ "HardwareDevice": "renderD128" }""", "Encode:HardwareDevice")]
    [InlineData("""{ "StopGracePeriod": "-00:00:01" }""", "Encode:StopGracePeriod")]
    [InlineData("""{ "Audio": { "Languages": [ "" ] } }""", "Encode:Audio:Languages")]
    [InlineData(
        """{ "Profiles": [ { "Name": "a", "Action": "Remux" }, { "Name": "A", "Action": "Hardsub" } ] }""",
        "two profiles named 'a'"
    )]
    public void A_bad_encode_setting_is_refused_naming_its_key(string section, string message)
    {
        var failure = Should.Throw<Exception>(() => Bind($$"""{ "Encode": {{section}} }"""));

        AllMessages(failure).ShouldContain(message);
    }

    private static string AllMessages(Exception e) =>
        e.InnerException is null ? e.Message : $"{e.Message} | {AllMessages(e.InnerException)}";
}
