using Microsoft.Extensions.Options;
using Sluice.Domain.Items;
using Sluice.Node.Configuration;
using Sluice.Node.Engine;
using Sluice.Node.Files;
using Sluice.Tools.Ffmpeg;

namespace Sluice.Node.Encode;

/// <summary>
/// The encode step's one profile: burn in the main text subtitle when there is one, else
/// remux into mp4, else skip (already plays everywhere). ffprobe decides; the output is
/// written in a per-attempt work folder, read back in full and checked against the source,
/// and only then moved under the library's encoded folder. The work folder is removed on
/// success, failure and cancel, and swept at node start after a crash.
/// </summary>
public sealed class EncodeHandler(
    NodePaths paths,
    FfprobeClient ffprobe,
    FfmpegRunner ffmpeg,
    IOptions<EncodeOptions> options,
    IOptions<EngineOptions> engine,
    SourceFetcher fetcher,
    Store.EngineStore store
) : IStepHandler
{
    public Step Step => Step.Encode;

    public async Task<ItemCommand> RunAsync(StepContext context, CancellationToken ct)
    {
        var item = context.Item;
        var relative =
            item.LibraryPath
            ?? throw new InvalidOperationException($"Item {item.Id} was never sanitized.");
        foreach (var stale in Directory.EnumerateDirectories(paths.Work, $"encode-{item.Id}-*"))
        {
            Directory.Delete(stale, recursive: true);
        }

        var work = Directory
            .CreateDirectory(Path.Combine(paths.Work, $"encode-{context.TempTag}"))
            .FullName;
        try
        {
            var source = await fetcher.LocalSourceAsync(context, work, ct);
            // Sluice's own read counts for least-recently-used tiering where atime is not kept.
            await store.RecordAccessAsync(item.Id, ct);
            var probe = await ProbeAsync(source, ProbeDepth.Headers, ct);
            var plan = EncodePlanner.Plan(probe);
            if (plan is EncodePlan.Skip skip)
            {
                return new SkipEncode(skip.Reason);
            }

            var profile = plan is EncodePlan.Hardsub ? "hardsub" : "remux";
            var outputRelative =
                $"{options.Value.OutputFolder}/{Path.ChangeExtension(relative, ".mp4")}";
            var final = Path.Combine(paths.Library, outputRelative);
            if (File.Exists(final))
            {
                return await AcceptExistingAsync(
                    probe,
                    final,
                    profile,
                    outputRelative,
                    context.Lease.Node,
                    ct
                );
            }

            // The tool only ever sees safe names: the filter graph never has to quote a hostile title.
            var input = Path.Combine(work, "input" + SafeExtension(source));
            File.CreateSymbolicLink(input, source);
            var output = Path.Combine(work, "output.mp4");
            var progress = new Progress<EncodeProgress>(p =>
                context.ReportProgress(
                    new
                    {
                        profile,
                        percent = p.Percent,
                        speed = p.Speed,
                        eta = p.Eta,
                        position = p.Position,
                    }
                )
            );
            await ffmpeg.RunAsync(plan.ToArguments(input, output), probe.Duration, progress, ct);
            var result = await ProbeOutputAsync(output, ct);
            var validation = OutputValidator.Validate(probe, result);
            if (!validation.IsValid)
            {
                throw new InvalidDataException(
                    $"The encoded output failed its checks: {string.Join("; ", validation.Problems)}."
                );
            }

            await context.EnsureLeaseAsync(engine.Value.LeaseDuration, ct);
            Directory.CreateDirectory(Path.GetDirectoryName(final)!);
            SafeMove.Move(output, final, context.TempName);
            return new CompleteEncode(
                new EncodeOutput(
                    profile,
                    outputRelative,
                    new FileInfo(final).Length,
                    Seconds(result),
                    context.Lease.Node
                )
            );
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>An output already at the final name is a finished earlier attempt, if it checks out against the source.</summary>
    private async Task<ItemCommand> AcceptExistingAsync(
        MediaInfo source,
        string final,
        string profile,
        string relative,
        string node,
        CancellationToken ct
    )
    {
        var existing = await ProbeAsync(final, ProbeDepth.ReadPackets, ct);
        var validation = OutputValidator.Validate(source, existing);
        return validation.IsValid
            ? new CompleteEncode(
                new EncodeOutput(
                    profile,
                    relative,
                    new FileInfo(final).Length,
                    Seconds(existing),
                    node
                )
            )
            : throw new PermanentStepException(
                $"{final} already exists and is not a valid encode of this source ({string.Join("; ", validation.Problems)}); not replacing it."
            );
    }

    private async Task<MediaInfo> ProbeAsync(string path, ProbeDepth depth, CancellationToken ct)
    {
        try
        {
            return await ffprobe.ProbeAsync(path, depth, ct);
        }
        catch (MediaProbeException ex)
        {
            throw new PermanentStepException(ex.Message, ex);
        }
    }

    /// <summary>Our own output failing to probe is a broken run (a full disk, a killed tool), worth retrying.</summary>
    private async Task<MediaInfo> ProbeOutputAsync(string path, CancellationToken ct)
    {
        try
        {
            return await ffprobe.ProbeAsync(path, ProbeDepth.ReadPackets, ct);
        }
        catch (MediaProbeException ex)
        {
            throw new InvalidDataException($"The encoded output is unreadable: {ex.Reason}", ex);
        }
    }

    private static string SafeExtension(string path)
    {
        var extension = Path.GetExtension(path).ToLowerInvariant();
        return extension.Length is > 1 and <= 6 && extension[1..].All(char.IsAsciiLetterOrDigit)
            ? extension
            : ".bin";
    }

    private static double Seconds(MediaInfo info) => info.Duration?.TotalSeconds ?? 0;
}
