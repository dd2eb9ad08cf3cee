namespace Sluice.Tools.Ffmpeg;

public static partial class EncodePlanner
{
    private static readonly string[] FontExtensions =
    [
        ".ttf",
        ".otf",
        ".ttc",
        ".otc",
        ".woff",
        ".woff2",
    ];

    private static readonly string[] FontMimeWords = ["font", "truetype", "opentype", "sfnt"];

    private sealed record PlanContext(
        MediaInfo Source,
        MediaStream Video,
        MediaStream? Audio,
        EncodeProfile Profile
    )
    {
        public OutputContainer Container => Profile.Container;

        public bool CopiesAudio =>
            Audio is null || ContainerRules.CarriesAudio(Container, Audio.CodecName);

        public EncodePlan Plan(VideoCodec video, string reason) =>
            new()
            {
                Profile = Profile.Name,
                Action = Profile.Action,
                Reason = $"{Profile.Name}: {reason}; {DescribeAudio()}",
                VideoStream = Video.Index,
                Video = video,
                OutputVideoCodec = video is VideoCodec.Encode e
                    ? VideoEncoding.CodecName(e.Format)
                    : Video.CodecName ?? "",
                AudioStream = Audio?.Index,
                Audio = CopiesAudio ? new AudioCodec.Copy() : AudioCodec.Aac(Profile.AudioBitrate),
                Container = Container,
            };

        public VideoCodec.Encode Encode() =>
            new(
                Profile.Video.Format,
                Profile.Video.Quality,
                Profile.Video.Preset,
                // Apple players only take HEVC in mp4 tagged hvc1 (ffmpeg writes hev1).
                Tag: Profile.Video.Format == VideoFormat.H265 && Container == OutputContainer.Mp4
                    ? "hvc1"
                    : null
            );

        /// <summary>Matroska keeps soft subtitles and attachments; mp4 drops them.</summary>
        public EncodePlan KeepingTheRest(EncodePlan plan)
        {
            if (Container != OutputContainer.Mkv)
            {
                return plan;
            }

            var subtitles = Source.Subtitles.Select(s => s.Index).ToList();
            var attachments = Source
                .Streams.Where(s => s.Kind == StreamKind.Attachment)
                .Select(s => s.Index);
            return plan with
            {
                Kept = [.. subtitles, .. attachments],
                KeptSubtitles = subtitles.Count,
            };
        }

        /// <summary>Nothing would change: same container, streams it carries, and for mp4 no subtitles to lose.</summary>
        public bool Conforms(bool videoConforms) =>
            videoConforms
            && ContainerRules.IsIn(Source, Container)
            && Source.Audio.All(a => ContainerRules.CarriesAudio(Container, a.CodecName))
            && (Container == OutputContainer.Mkv || !Source.Subtitles.Any());

        private string DescribeAudio() =>
            Audio is null
                ? "no audio"
                : $"audio #{Audio.Index} ({Audio.CodecName}{(CopiesAudio ? "" : " → aac")}, {Languages.Normalize(Audio.Language) ?? "no language"})";
    }

    private static (EncodeDecision? Decision, string? NotApplicable) Hardsub(
        PlanContext context,
        StreamPreferences preferences
    )
    {
        var choice = StreamSelection.Subtitles(context.Source, context.Audio, preferences);
        if (choice.Burn.Count == 0)
        {
            return (null, choice.Reason);
        }

        var fonts = Fonts(context.Source);
        var plan = context.Plan(
            context.Encode(),
            $"burning {choice.Reason}"
                + (fonts.Count > 0 ? $" with the file's {fonts.Count} attached font(s)" : "")
        ) with
        {
            Burn = choice.Burn,
            Fonts = fonts,
        };
        return (new EncodeDecision.Run(plan), null);
    }

    private static (EncodeDecision? Decision, string? NotApplicable) Transcode(PlanContext context)
    {
        var target = VideoEncoding.CodecName(context.Profile.Video.Format);
        var codec = context.Video.CodecName;
        if (context.Conforms(codec == target))
        {
            return (
                new EncodeDecision.Skip(
                    $"{context.Profile.Name}: already {target} in {context.Container.ToString().ToLowerInvariant()} with audio it carries"
                ),
                null
            );
        }

        var plan = context.Plan(context.Encode(), $"{codec} video to {target}");
        return (new EncodeDecision.Run(context.KeepingTheRest(plan)), null);
    }

    private static (EncodeDecision? Decision, string? NotApplicable) Remux(PlanContext context)
    {
        var codec = context.Video.CodecName;
        var copyVideo = ContainerRules.CarriesVideo(context.Container, codec);
        var into = context.Container.ToString().ToLowerInvariant();
        if (
            context.Conforms(
                copyVideo && (context.Container == OutputContainer.Mkv || codec is "h264" or "hevc")
            )
        )
        {
            return (
                new EncodeDecision.Skip(
                    $"{context.Profile.Name}: already {into} with {codec} and audio it carries"
                ),
                null
            );
        }

        VideoCodec video = copyVideo
            ? new VideoCodec.Copy(
                codec == "hevc" && context.Container == OutputContainer.Mp4 ? "hvc1" : null
            )
            : context.Encode();
        var plan = context.Plan(
            video,
            $"{context.Source.FormatName.Split(',')[0]} into {into}, "
                + (
                    copyVideo
                        ? $"copying {codec}"
                        : $"encoding {codec}, which {into} does not carry"
                )
        );
        return (new EncodeDecision.Run(context.KeepingTheRest(plan)), null);
    }

    /// <summary>
    /// Attachments that are fonts by mimetype, file name or codec. Many releases tag fonts
    /// application/octet-stream, which the subtitles filter ignores on its own: extracting them
    /// into a fonts folder is what makes libass see every font the typesetting names.
    /// </summary>
    private static List<FontAttachment> Fonts(MediaInfo source) =>
        [
            .. source
                .Streams.Where(s => s.Kind == StreamKind.Attachment && IsFont(s))
                .Select(s => new FontAttachment(s.Index, $"font-{s.Index}{FontExtension(s)}")),
        ];

    private static bool IsFont(MediaStream attachment) =>
        FontMimeWords.Any(w =>
            attachment.MimeType?.Contains(w, StringComparison.OrdinalIgnoreCase) == true
        )
        || FontExtensions.Contains(Path.GetExtension(attachment.FileName ?? "").ToLowerInvariant())
        || attachment.CodecName is "ttf" or "otf";

    // The name in the file is untrusted ("../../x"): only its extension is kept, and only a font's.
    private static string FontExtension(MediaStream attachment)
    {
        var extension = Path.GetExtension(attachment.FileName ?? "").ToLowerInvariant();
        return FontExtensions.Contains(extension) ? extension
            : attachment.CodecName == "otf"
            || attachment.MimeType?.Contains("opentype", StringComparison.OrdinalIgnoreCase) == true
                ? ".otf"
            : ".ttf";
    }
}
