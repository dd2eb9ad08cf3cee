using System.Text;
using System.Text.Json;
using Sluice.Tools.Processes;

namespace Sluice.Tools.Ffmpeg;

public sealed record FfprobeOptions
{
    public string ExecutablePath { get; init; } = "ffprobe";
}

/// <summary>Reads a media file's format and streams with ffprobe.</summary>
public sealed class FfprobeClient(ProcessRunner runner, FfprobeOptions? options = null)
{
    private readonly FfprobeOptions _options = options ?? new FfprobeOptions();

    public Task<MediaInfo> ProbeAsync(string path, CancellationToken cancellationToken) =>
        ProbeAsync(path, ProbeDepth.Headers, cancellationToken);

    /// <exception cref="MediaProbeException">The file is missing, corrupt or not media.</exception>
    public async Task<MediaInfo> ProbeAsync(
        string path,
        ProbeDepth depth,
        CancellationToken cancellationToken
    )
    {
        var command = new ProcessCommand(_options.ExecutablePath)
            .WithArguments(Arguments(path, depth))
            // Read-only: nothing to finish cleanly, so a cancelled probe is simply killed.
            .WithGracefulStop(GracefulStop.Kill, TimeSpan.Zero);
        var stdout = new StringBuilder();
        ProcessResult result;
        try
        {
            result = await runner.RunAsync(
                command,
                line => stdout.AppendLine(line),
                null,
                cancellationToken
            );
        }
        catch (ProcessFailedException e)
        {
            throw new MediaProbeException(
                path,
                LastLine(e.StandardErrorTail) ?? $"ffprobe exited with code {e.ExitCode}",
                e
            );
        }

        MediaInfo info;
        try
        {
            info = FfprobeJson.Parse(stdout.ToString(), depth, result.StandardErrorTail);
        }
        catch (Exception e) when (e is JsonException or FormatException or KeyNotFoundException)
        {
            throw new MediaProbeException(
                path,
                $"ffprobe output could not be read ({e.Message})",
                e
            );
        }

        return info.Streams.Count > 0
            ? info
            : throw new MediaProbeException(path, "no streams found");
    }

    /// <summary>The argument list for a probe; the path must be absolute so it can be neither a flag nor a protocol.</summary>
    public static IReadOnlyList<string> Arguments(string path, ProbeDepth depth)
    {
        if (!Path.IsPathFullyQualified(path))
        {
            throw new ArgumentException(
                $"ffprobe needs an absolute path, not '{path}'.",
                nameof(path)
            );
        }

        return
        [
            "-v",
            "error",
            "-hide_banner",
            "-print_format",
            "json",
            "-show_format",
            "-show_streams",
            .. depth switch
            {
                ProbeDepth.Headers => Array.Empty<string>(),
                ProbeDepth.ReadPackets => ["-count_packets"],
                _ => throw new ArgumentOutOfRangeException(nameof(depth), depth, null),
            },
            "-i",
            path,
        ];
    }

    private static string? LastLine(IReadOnlyList<string> lines) =>
        lines.LastOrDefault(l => !string.IsNullOrWhiteSpace(l));
}
