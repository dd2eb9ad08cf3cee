using Sluice.Tools.Processes;

namespace Sluice.Tools.Ffmpeg;

public sealed record FfmpegOptions
{
    public string ExecutablePath { get; init; } = "ffmpeg";

    /// <summary>
    /// Time to finish after "q" before the tree is killed. A cancelled encode's output is
    /// discarded anyway, so this is short; a faststart rewrite of a large file may not fit in it,
    /// which is fine.
    /// </summary>
    public TimeSpan GracePeriod { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Extra environment for ffmpeg (e.g. FONTCONFIG_FILE for libass).</summary>
    public IReadOnlyDictionary<string, string?> EnvironmentVariables { get; init; } =
        new Dictionary<string, string?>();
}

/// <summary>Runs one ffmpeg encode through the process runner, stopping it with "q" on cancellation.</summary>
/// <remarks>
/// After a cancellation (OperationCanceledException) or a failure the output file may exist and
/// be partial or even playable: the caller owns the temp path and deletes it. Only an output that
/// passed <see cref="OutputValidator"/> may replace anything.
/// </remarks>
public sealed class FfmpegRunner(ProcessRunner runner, FfmpegOptions? options = null)
{
    private readonly FfmpegOptions _options = options ?? new FfmpegOptions();

    /// <param name="expectedDuration">The source's duration, for percent and ETA; null reports position and speed only.</param>
    /// <exception cref="ProcessFailedException">ffmpeg failed; the message ends with its last stderr lines.</exception>
    public async Task<ProcessResult> RunAsync(
        FfmpegArguments arguments,
        TimeSpan? expectedDuration,
        IProgress<EncodeProgress>? progress,
        CancellationToken cancellationToken
    )
    {
        var command = new ProcessCommand(_options.ExecutablePath)
            .WithArguments(arguments.ToArgumentList())
            .WithGracefulStop(GracefulStop.WriteQ, _options.GracePeriod);
        foreach (var (name, value) in _options.EnvironmentVariables)
        {
            command = command.WithEnvironmentVariable(name, value);
        }

        var parser = new FfmpegProgressParser(expectedDuration);
        return await runner.RunAsync(
            command,
            line =>
            {
                if (parser.Feed(line) is { } report)
                {
                    progress?.Report(report);
                }
            },
            null,
            cancellationToken
        );
    }

    /// <summary>The encoders this ffmpeg was built with (<c>ffmpeg -hide_banner -encoders</c>).</summary>
    public async Task<IReadOnlySet<string>> ListEncodersAsync(CancellationToken cancellationToken)
    {
        var lines = new List<string>();
        await runner.RunAsync(
            new ProcessCommand(_options.ExecutablePath)
                .WithArguments("-hide_banner", "-encoders")
                .WithGracefulStop(GracefulStop.Kill, TimeSpan.Zero),
            lines.Add,
            null,
            cancellationToken
        );
        return HardwareDetection.ParseEncoders(lines);
    }
}
