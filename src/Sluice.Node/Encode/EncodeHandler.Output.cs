using Sluice.Domain.Items;
using Sluice.Node.Engine;
using Sluice.Node.Files;
using Sluice.Tools.Ffmpeg;

namespace Sluice.Node.Encode;

public sealed partial class EncodeHandler
{
    /// <summary>Names tried before giving up: "X.mp4", "X (2).mp4" … "X (20).mp4".</summary>
    private const int MaxCopies = 20;

    /// <summary>The container tag that marks an output as this item's own.</summary>
    private static Dictionary<string, string> OwnerTags(Item item) =>
        new() { ["comment"] = OwnerTag(item) };

    private static string OwnerTag(Item item) => $"sluice-item={item.Id}";

    /// <param name="Existing">This item's own output from an earlier attempt, already in place and valid.</param>
    private sealed record OutputTarget(string Relative, CompleteEncode? Existing);

    /// <summary>
    /// The first name under the output folder that is free, or that holds this item's own valid
    /// output (an earlier attempt moved it there and stopped before recording it). A file that
    /// is not Sluice's output for this item, a user's or another item's, is never replaced: the
    /// output takes the next name with " (2)", " (3)"….
    /// </summary>
    private async Task<OutputTarget> ChooseOutputAsync(
        StepContext context,
        EncodePlan plan,
        MediaInfo source,
        CancellationToken ct
    )
    {
        var item = context.Item;
        var settings = options.Value;
        var template =
            settings.Profiles.FirstOrDefault(p => p.Name == plan.Profile)?.Output ?? "{Path}";
        for (var copy = 1; copy <= MaxCopies; copy++)
        {
            var relative = OutputNaming.Render(
                settings.OutputFolder,
                template,
                item.LibraryPath!,
                plan.Profile,
                ContainerRules.Extension(plan.Container),
                copy
            );
            var final = Path.Combine(paths.Library, relative);
            // A cross-device move of an earlier attempt may have left its temp copy beside the name.
            SafeMove.SweepTemps(Path.GetDirectoryName(final)!, context.TempPrefix);
            if (!File.Exists(final))
            {
                return new OutputTarget(relative, null);
            }

            if (await OwnValidOutputAsync(item, final, source, plan, ct) is { } existing)
            {
                return new OutputTarget(
                    relative,
                    Completed(plan, relative, final, existing, context.Lease.Node)
                );
            }
        }

        throw new PermanentStepException(
            $"The names for {item.Id}'s encoded output are taken by other files up to \" ({MaxCopies})\"; not replacing any of them."
        );
    }

    private async Task<MediaInfo?> OwnValidOutputAsync(
        Item item,
        string path,
        MediaInfo source,
        EncodePlan plan,
        CancellationToken ct
    )
    {
        try
        {
            var existing = await ffprobe.ProbeAsync(path, ProbeDepth.ReadPackets, ct);
            return
                existing.Tags.GetValueOrDefault("comment") == OwnerTag(item)
                && OutputValidator.Validate(source, existing, plan.Expectation).IsValid
                ? existing
                : null;
        }
        catch (MediaProbeException)
        {
            return null; // not media at all: certainly not ours
        }
    }

    private static CompleteEncode Completed(
        EncodePlan plan,
        string relative,
        string final,
        MediaInfo output,
        string node,
        TimeSpan? ffmpegRan = null
    ) =>
        new(
            new EncodeOutput(
                plan.Profile,
                relative,
                new FileInfo(final).Length,
                output.Duration?.TotalSeconds ?? 0,
                node
            )
            {
                Reason = plan.Reason,
                EncodeSeconds = ffmpegRan is { } ran ? Math.Round(ran.TotalSeconds, 3) : null,
            }
        );
}
