using Sluice.Tools.Ffmpeg;

namespace Sluice.Node.Configuration;

/// <summary>Encode profiles, stream preferences and the GPU, under <c>Encode</c>.</summary>
/// <remarks>
/// Lists default to empty because the configuration binder appends to a list it finds filled;
/// the defaults are applied when the options are read (<see cref="EffectiveProfiles"/>).
/// </remarks>
public sealed partial class EncodeOptions
{
    /// <summary>Tried in order; the first whose conditions match decides. Empty: hardsub, then remux.</summary>
    public List<EncodeProfileOptions> Profiles { get; set; } = [];

    public EncodeAudioOptions Audio { get; set; } = new();

    public EncodeSubtitleOptions Subtitles { get; set; } = new();

    /// <summary>None (software), Auto (NVENC, else VAAPI), Nvenc, Vaapi or Qsv; unusable choices fall back to software.</summary>
    public HardwareRequest Hardware { get; set; } = HardwareRequest.None;

    /// <summary>The DRM render node for VAAPI/QSV; the first /dev/dri/renderD* when empty.</summary>
    public string? HardwareDevice { get; set; }

    /// <summary>After "q" on cancel, how long ffmpeg may take to finish before it is killed.</summary>
    public TimeSpan StopGracePeriod { get; set; } = TimeSpan.FromSeconds(5);

    public IReadOnlyList<EncodeProfile> EffectiveProfiles() =>
        Profiles.Count == 0 ? EncodeProfile.Defaults : [.. Profiles.Select(p => p.ToProfile())];

    public StreamPreferences Preferences() =>
        new(
            Audio.Languages,
            Audio.AnimeLanguages ?? StreamPreferences.Default.AnimeAudioLanguages,
            Audio.Codecs,
            Subtitles.Languages
        );
}

public sealed class EncodeAudioOptions
{
    /// <summary>Preferred audio languages, best first; empty keeps the file's default track.</summary>
    public List<string> Languages { get; set; } = [];

    /// <summary>The same for anime; unset means Japanese.</summary>
    public List<string>? AnimeLanguages { get; set; }

    /// <summary>Among tracks in the chosen language, these codecs win in this order (e.g. aac, flac).</summary>
    public List<string> Codecs { get; set; } = [];
}

public sealed class EncodeSubtitleOptions
{
    /// <summary>Preferred languages of the subtitle to burn; empty takes the default-flagged track.</summary>
    public List<string> Languages { get; set; } = [];
}

public sealed class EncodeProfileOptions
{
    /// <summary>Recorded on the item; letters, digits, '-' and '_'.</summary>
    public string Name { get; set; } = "";

    /// <summary>Hardsub, Transcode or Remux.</summary>
    public EncodeAction? Action { get; set; }

    public EncodeConditionOptions When { get; set; } = new();

    /// <summary>h264 or h265: what Hardsub and Transcode write, and Remux when the video must be encoded.</summary>
    public string VideoCodec { get; set; } = "h264";

    /// <summary>CRF 0..51 (lower is better); 20 for h264 and 23 for h265 when unset.</summary>
    public int? Quality { get; set; }

    public string Preset { get; set; } = "veryfast";

    public OutputContainer Container { get; set; } = OutputContainer.Mp4;

    /// <summary>For audio the container cannot carry, which is encoded to AAC.</summary>
    public string AudioBitrate { get; set; } = "192k";

    /// <summary>Where the output goes under Encode:OutputFolder, without extension: {Path}, {Folder}, {Name}, {Profile}.</summary>
    public string Output { get; set; } = "{Path}";

    public VideoFormat Format =>
        EncodeConditions.Codec(VideoCodec) == "hevc" ? VideoFormat.H265 : VideoFormat.H264;

    public EncodeProfile ToProfile() =>
        new(
            Name,
            Action ?? throw new InvalidOperationException($"Profile {Name} has no action."),
            When.ToConditions(),
            new VideoTarget(Format, Quality ?? (Format == VideoFormat.H265 ? 23 : 20), Preset),
            Container,
            AudioBitrate
        );
}

public sealed class EncodeConditionOptions
{
    /// <summary>anime, episode, movie, unknown.</summary>
    public List<string> Kinds { get; set; } = [];

    public List<string> VideoCodecs { get; set; } = [];

    public List<string> NotVideoCodecs { get; set; } = [];

    public List<string> Containers { get; set; } = [];

    public bool? TextSubtitles { get; set; }

    public int? MinHeight { get; set; }

    public int? MaxHeight { get; set; }

    public EncodeConditions ToConditions() =>
        new()
        {
            Kinds = Kinds,
            VideoCodecs = VideoCodecs,
            NotVideoCodecs = NotVideoCodecs,
            Containers = Containers,
            TextSubtitles = TextSubtitles,
            MinHeight = MinHeight,
            MaxHeight = MaxHeight,
        };
}
