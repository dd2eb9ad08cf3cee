using Microsoft.Extensions.Options;
using Sluice.Domain.Items;
using Sluice.Node.Configuration;
using Sluice.Node.Engine;
using Sluice.Node.Files;
using Sluice.Tools.Ffmpeg;
using Sluice.Tools.Processes;

namespace Sluice.Node.Encode;

/// <summary>
/// The encode step: ffprobe reads the source, the first matching profile of <c>Encode:Profiles</c>
/// decides (hardsub, transcode, remux, or skip when nothing needs doing), ffmpeg writes the
/// output in a per-attempt work folder (fonts attached to the source extracted beside it for
/// libass), the output is read back in full and checked against the source and the plan, and
/// only then moved under the library's encoded folder, never over a file that is not this
/// item's own earlier output.
/// </summary>
/// <remarks>
/// Invariants: the work folder is removed on success, failure and cancel (and swept at node
/// start after a crash); a cancel stops ffmpeg with "q", then kills it after
/// <c>Encode:StopGracePeriod</c>; nothing reaches the library before it passed validation; at
/// most <c>Stages:Encode:Concurrency</c> (1 by default) encodes run on a node at once, because
/// that is the size of the encode queue's worker pool.
/// </remarks>
public sealed partial class EncodeHandler(
    NodePaths paths,
    FfprobeClient ffprobe,
    FfmpegRunner ffmpeg,
    IOptions<EncodeOptions> options,
    IOptions<EngineOptions> engine,
    SourceFetcher fetcher,
    Store.EngineStore store,
    EncoderSelection encoders
) : IStepHandler
{
    public Step Step => Step.Encode;

    public async Task<ItemCommand> RunAsync(StepContext context, CancellationToken ct)
    {
        var item = context.Item;
        _ =
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
            var settings = options.Value;
            var decision = EncodePlanner.Decide(
                probe,
                EncodeKind.Of(item),
                settings.EffectiveProfiles(),
                settings.Preferences()
            );
            if (decision is EncodeDecision.Skip skip)
            {
                return new SkipEncode(skip.Reason);
            }

            var hardware = await encoders.ChooseAsync(ct);
            var plan = ((EncodeDecision.Run)decision).Plan.On(
                hardware.Acceleration,
                hardware.Device
            );
            var target = await ChooseOutputAsync(context, plan, probe, ct);
            if (target.Existing is { } done)
            {
                return done;
            }

            (plan, var output) = await EncodeOnAsync(
                context,
                plan,
                hardware,
                probe,
                source,
                work,
                ct
            );
            await context.EnsureLeaseAsync(engine.Value.LeaseDuration, ct);
            var final = Path.Combine(paths.Library, target.Relative);
            Directory.CreateDirectory(Path.GetDirectoryName(final)!);
            SafeMove.Move(output.Path, final, context.TempName);
            return Completed(
                plan,
                target.Relative,
                final,
                output.Info,
                context.Lease.Node,
                output.RunTime
            );
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>
    /// Encodes on the chosen GPU; when that fails and the same encode then succeeds in software
    /// (a driver update, a device gone since detection), the GPU was at fault: the attempt keeps
    /// the software output, says so in its reason, and this node stops asking the GPU. When
    /// software fails too, the input is at fault and the software error is what the step reports.
    /// </summary>
    private async Task<(
        EncodePlan Plan,
        (string Path, MediaInfo Info, TimeSpan RunTime) Output
    )> EncodeOnAsync(
        StepContext context,
        EncodePlan plan,
        HardwareChoice hardware,
        MediaInfo probe,
        string source,
        string work,
        CancellationToken ct
    )
    {
        try
        {
            return (plan, await EncodeAsync(context, plan, probe, source, work, ct));
        }
        catch (Exception gpu)
            when (hardware.Acceleration != Acceleration.None
                && gpu is ProcessFailedException or InvalidDataException
                && !ct.IsCancellationRequested
            )
        {
            var why = Cause(gpu.Message, hardware.Acceleration);
            var software = plan.On(Acceleration.None, null) with
            {
                Reason =
                    $"{plan.Reason}; encoded in software, the {hardware.Acceleration} encoder failed: {why}",
            };
            var again = Directory.CreateDirectory(Path.Combine(work, "software")).FullName;
            var output = await EncodeAsync(context, software, probe, source, again, ct);
            encoders.Failed(hardware, why);
            return (software, output);
        }
    }

    /// <summary>
    /// The line of ffmpeg's error the GPU encoder logged ("[h264_nvenc @ 0x…] Cannot load
    /// libcuda.so.1"), else the first line; kept short for the journal.
    /// </summary>
    private static string Cause(string message, Acceleration acceleration)
    {
        var tag = $"_{acceleration.ToString().ToLowerInvariant()} @ 0x";
        var lines = message.Split(
            '\n',
            StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries
        );
        var cause = lines.LastOrDefault(l => l.Contains(tag, StringComparison.Ordinal));
        cause = cause is null ? lines[0] : cause[cause.IndexOf('[', StringComparison.Ordinal)..];
        return cause.Length <= 200 ? cause : cause[..200] + "…";
    }

    /// <summary>Runs ffmpeg into the work folder and returns the output once it passed its checks.</summary>
    private async Task<(string Path, MediaInfo Info, TimeSpan RunTime)> EncodeAsync(
        StepContext context,
        EncodePlan plan,
        MediaInfo probe,
        string source,
        string work,
        CancellationToken ct
    )
    {
        // The tool only ever sees safe names: the filter graph never has to quote a hostile title.
        var input = Path.Combine(work, "input" + SafeExtension(source));
        File.CreateSymbolicLink(input, source);
        var fonts = Directory.CreateDirectory(Path.Combine(work, "fonts")).FullName;
        var output = Path.Combine(work, "output" + ContainerRules.Extension(plan.Container));
        var progress = new Progress<EncodeProgress>(p =>
            context.ReportProgress(
                new
                {
                    profile = plan.Profile,
                    percent = p.Percent is { } percent ? Math.Round(percent, 1) : (double?)null,
                    speed = p.Speed is { } speed ? Math.Round(speed, 2) : (double?)null,
                    eta = p.Eta is { } eta
                        ? TimeSpan.FromSeconds(Math.Ceiling(eta.TotalSeconds))
                        : (TimeSpan?)null,
                    position = TimeSpan.FromSeconds(Math.Floor(p.Position.TotalSeconds)),
                }
            )
        );
        var run = await ffmpeg.RunAsync(
            plan.ToArguments(input, output, fonts, OwnerTags(context.Item)),
            probe.Duration,
            progress,
            ct
        );
        var result = await ProbeOutputAsync(output, ct);
        var validation = OutputValidator.Validate(probe, result, plan.Expectation);
        return validation.IsValid
            ? (output, result, run.RunTime)
            : throw new InvalidDataException(
                $"The encoded output failed its checks: {string.Join("; ", validation.Problems)}."
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
}
