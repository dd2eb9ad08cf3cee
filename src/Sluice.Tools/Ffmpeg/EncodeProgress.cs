using System.Globalization;

namespace Sluice.Tools.Ffmpeg;

/// <param name="Position">How far into the media the output has got.</param>
/// <param name="Percent">Of the expected duration, when one was given; capped at 100.</param>
/// <param name="Speed">Media seconds per wall second (ffmpeg's "1.5x").</param>
/// <param name="Eta">Remaining media time divided by the speed.</param>
/// <param name="IsEnd">ffmpeg's last block ("progress=end"); after a "q" the encode is partial nonetheless.</param>
public sealed record EncodeProgress(
    TimeSpan Position,
    double? Percent,
    double? Speed,
    TimeSpan? Eta,
    bool IsEnd
);

/// <summary>
/// Folds ffmpeg's <c>-progress</c> output (key=value lines, each block closed by
/// <c>progress=continue|end</c>) into one <see cref="EncodeProgress"/> per block. Pure.
/// </summary>
public sealed class FfmpegProgressParser(TimeSpan? expectedDuration)
{
    private TimeSpan _position;
    private double? _speed;

    /// <summary>Returns a report when <paramref name="line"/> closes a block, otherwise null.</summary>
    public EncodeProgress? Feed(string line)
    {
        var equals = line.IndexOf('=', StringComparison.Ordinal);
        if (equals < 0)
        {
            return null;
        }

        var value = line[(equals + 1)..].Trim();
        switch (line[..equals].Trim())
        {
            // Microseconds; "N/A" before the first frame; negative while the muxer is still buffering.
            case "out_time_us"
                when long.TryParse(
                    value,
                    NumberStyles.Integer,
                    CultureInfo.InvariantCulture,
                    out var us
                ):
                _position = TimeSpan.FromMicroseconds(Math.Max(0, us));
                return null;
            case "speed":
                _speed =
                    double.TryParse(
                        value.TrimEnd('x'),
                        NumberStyles.Float,
                        CultureInfo.InvariantCulture,
                        out var s
                    )
                    && s > 0
                        ? s
                        : null;
                return null;
            case "progress":
                return Report(isEnd: value == "end");
            default:
                return null;
        }
    }

    private EncodeProgress Report(bool isEnd)
    {
        double? percent =
            expectedDuration is { } total && total > TimeSpan.Zero
                ? Math.Min(100, 100 * (_position / total))
                : null;
        TimeSpan? eta =
            expectedDuration is { } all && _speed is { } speed
                ? (all - _position > TimeSpan.Zero ? (all - _position) / speed : TimeSpan.Zero)
                : null;
        return new EncodeProgress(_position, percent, _speed, eta, isEnd);
    }
}
