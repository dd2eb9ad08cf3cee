using System.Globalization;

namespace Sluice.Testing.Media;

/// <summary>
/// Small media files made by the real ffmpeg (lavfi testsrc + sine, ultrafast): a 2 s clip takes
/// a fraction of a second. Plus the broken files a pipeline meets: random bytes named .mkv, and a
/// file cut short.
/// </summary>
public static class TestClips
{
    public const string FontPath = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
    public const string FontFamily = "DejaVu Sans";

    public static async Task<string> CreateAsync(
        string directory,
        string name,
        ClipOptions options,
        CancellationToken cancellationToken
    )
    {
        var output = Path.Combine(directory, name);
        var seconds = options.Duration.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
        var inputs = new List<string>
        {
            "-f",
            "lavfi",
            "-i",
            $"testsrc=size={options.Width}x{options.Height}:rate=25:duration={seconds}",
        };
        var maps = new List<string> { "-map", "0:v" };
        var codecs = new List<string> { "-c:v", options.VideoCodec, "-pix_fmt", "yuv420p" };
        if (options.VideoCodec == "libx264")
        {
            codecs.AddRange(["-preset", "ultrafast"]);
        }

        for (var i = 0; i < options.AudioLanguages.Count; i++)
        {
            inputs.AddRange([
                "-f",
                "lavfi",
                "-i",
                $"sine=frequency={440 + (220 * i)}:duration={seconds}",
            ]);
            maps.AddRange(["-map", $"{i + 1}:a"]);
            codecs.AddRange([$"-metadata:s:a:{i}", $"language={options.AudioLanguages[i]}"]);
        }

        if (options.AudioLanguages.Count > 0)
        {
            codecs.AddRange(["-c:a", options.AudioCodec]);
        }

        var tracks =
            options.SubtitleTracks.Count > 0 ? options.SubtitleTracks
            : options.Subtitles ? [new ClipSubtitle("Hello", Default: true)]
            : [];
        for (var i = 0; i < tracks.Count; i++)
        {
            var track = tracks[i];
            var ass = Path.Combine(directory, $"{name}.{i}.ass");
            await File.WriteAllTextAsync(ass, Ass(options, track), cancellationToken);
            inputs.AddRange(["-i", ass]);
            maps.AddRange(["-map", $"{options.AudioLanguages.Count + 1 + i}:s"]);
            codecs.AddRange([$"-disposition:s:{i}", track.Default ? "default" : "0"]);
            if (track.Language is { } language)
            {
                codecs.AddRange([$"-metadata:s:s:{i}", $"language={language}"]);
            }

            if (track.Title is { } title)
            {
                codecs.AddRange([$"-metadata:s:s:{i}", $"title={title}"]);
            }
        }

        if (tracks.Count > 0)
        {
            codecs.AddRange(["-c:s", options.Container == ClipContainer.Mkv ? "ass" : "mov_text"]);
        }

        if (options.AttachFont)
        {
            if (options.Container != ClipContainer.Mkv)
            {
                throw new ArgumentException(
                    "Only Matroska carries font attachments.",
                    nameof(options)
                );
            }

            codecs.AddRange([
                "-attach",
                FontPath,
                "-metadata:s:t:0",
                $"mimetype={options.FontMimeType}",
                "-metadata:s:t:0",
                "filename=DejaVuSans.ttf",
            ]);
        }

        await ToolProcess.RunAsync(
            "ffmpeg",
            [
                "-hide_banner",
                "-loglevel",
                "error",
                "-nostdin",
                "-y",
                .. inputs,
                .. maps,
                .. codecs,
                "-t",
                seconds,
                "-f",
                options.Container == ClipContainer.Mkv ? "matroska" : "mp4",
                output,
            ],
            cancellationToken
        );
        return output;
    }

    /// <summary>Random bytes with a media name: what a failed download or a wrong file looks like.</summary>
    public static string CreateCorrupt(
        string directory,
        string name = "corrupt.mkv",
        int size = 100_000
    )
    {
        var bytes = new byte[size];
        new Random(42).NextBytes(bytes);
        var path = Path.Combine(directory, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>A copy of <paramref name="source"/> keeping only the first <paramref name="fraction"/> of its bytes.</summary>
    public static string CreateTruncated(string source, string destination, double fraction = 0.5)
    {
        using var input = File.OpenRead(source);
        using var output = File.Create(destination);
        var keep = (long)(input.Length * fraction);
        var buffer = new byte[keep];
        input.ReadExactly(buffer);
        output.Write(buffer);
        return destination;
    }

    private static string Ass(ClipOptions options, ClipSubtitle track)
    {
        var end = options.Duration - TimeSpan.FromMilliseconds(100);
        return $"""
            [Script Info]
            ScriptType: v4.00+
            PlayResX: {options.Width}
            PlayResY: {options.Height}

            [V4+ Styles]
            Format: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, BackColour, Bold, Italic, Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, BorderStyle, Outline, Shadow, Alignment, MarginL, MarginR, MarginV, Encoding
            Style: Default,{FontFamily},20,&H00FFFFFF,&H000000FF,&H00000000,&H00000000,0,0,0,0,100,100,0,0,1,1,0,{(
                track.Top ? 8 : 2
            )},5,5,5,1

            [Events]
            Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text
            Dialogue: 0,0:00:00.00,{end:h\:mm\:ss\.ff},Default,,0,0,0,,{track.Text}

            """;
    }
}
