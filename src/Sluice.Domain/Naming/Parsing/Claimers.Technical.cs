using System.Text.RegularExpressions;

namespace Sluice.Domain.Naming.Parsing;

/// <summary>Resolution, source, codecs, audio and other video properties.</summary>
internal static partial class Claimers
{
    private static readonly string[] SourceNames =
    [
        "hddvd",
        "bluray",
        "web",
        "tv",
        "dvd",
        "vhs",
        "cam",
        "telesync",
        "telecine",
    ];

    private static readonly string[] CodecNames =
    [
        "h264",
        "h265",
        "xvid",
        "divx",
        "mpeg2",
        "h263",
        "vc1",
        "vp7",
        "vp8",
        "vp9",
        "av1",
    ];

    private static void ClaimTechnical(ClaimContext context)
    {
        context.ClaimAll(
            Patterns.Resolution(),
            match =>
                Int(match.Groups["r"].Value) is var lines and >= 240 and <= 4320
                    ? new Claim(match.Index, match.Index + match.Length, ClaimKind.Resolution)
                    {
                        Value = string.Concat(
                            lines.ToString(System.Globalization.CultureInfo.InvariantCulture),
                            match.Groups["t"].Value.ToLowerInvariant()
                        ),
                    }
                    : null
        );
        context.ClaimAll(
            Patterns.FourK(),
            match => new Claim(match.Index, match.Index + match.Length, ClaimKind.Resolution)
            {
                Value = "2160p",
                Weak = true,
            }
        );
        context.ClaimAll(Patterns.Source(), match => Named(match, ClaimKind.Source, SourceNames));
        context.ClaimAll(
            Patterns.WeakSource(),
            match => Named(match, ClaimKind.Source, SourceNames) with { Weak = true }
        );
        context.ClaimAll(
            Patterns.VideoCodec(),
            match => Named(match, ClaimKind.VideoCodec, CodecNames)
        );
        context.ClaimAll(Patterns.Audio(), ClaimKind.Audio);
        context.ClaimAll(Patterns.Channels(), ClaimKind.Audio, weak: true);
        context.ClaimAll(Patterns.VideoTag(), ClaimKind.VideoTag);
        context.ClaimAll(Patterns.Container(), ClaimKind.Container);
    }

    private static Claim Named(Match match, ClaimKind kind, string[] names)
    {
        var name = Array.Find(names, candidate => match.Groups[candidate].Success) ?? names[0];
        return new Claim(match.Index, match.Index + match.Length, kind) { Value = name };
    }
}
