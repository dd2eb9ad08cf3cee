using Sluice.Tools.Ffmpeg;

namespace Sluice.Tools.Tests.Ffmpeg;

/// <summary>A hand-built hardsub plan and readers of rendered argument lists, for the rendering specs.</summary>
internal static class Plans
{
    public static EncodePlan Hardsub(VideoCodec? video = null) =>
        new()
        {
            Profile = "hardsub",
            Action = EncodeAction.Hardsub,
            Reason = "test",
            VideoStream = 0,
            Video = video ?? VideoCodec.X264(),
            OutputVideoCodec = "h264",
            AudioStream = 2,
            Audio = AudioCodec.Aac(),
            Burn = [1],
            Fonts = [new FontAttachment(5, "font-5.ttf")],
        };

    public static readonly string[] Head =
    [
        "-hide_banner",
        "-nostats",
        "-n",
        "-progress",
        "pipe:1",
    ];

    public static string After(IReadOnlyList<string> arguments, string flag) =>
        arguments[arguments.ToList().IndexOf(flag) + 1];

    /// <summary>The video codec options: from "-c:v" up to the audio's.</summary>
    public static List<string> Video(IReadOnlyList<string> arguments)
    {
        var start = arguments.ToList().IndexOf("-c:v");
        var end = arguments.ToList().IndexOf("-c:a");
        return [.. arguments.Skip(start).Take(end - start)];
    }
}
