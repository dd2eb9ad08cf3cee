using System.Globalization;
using Microsoft.Extensions.Logging;
using Sluice.Domain.Items;
using Sluice.Domain.Naming;
using Sluice.Node.Configuration;
using Sluice.Node.Engine;
using Sluice.Node.Files;
using Sluice.Node.Tier;
using Sluice.Node.Vault;
using Sluice.Store;
using Sluice.Tools.Ffmpeg;
using Sluice.Tools.Rclone;

namespace Sluice.Node.Sanitize;

/// <summary>
/// Lets a better file take a library name from a finished item, keeping the old file: its
/// vault copies move to a "superseded" name and are verified there before its local copy is
/// removed and the new file moves in. The plan is journaled on the new item first, and every
/// step below is idempotent, so a crash anywhere resumes to the same end.
/// </summary>
public sealed class Replacer(
    NodePaths paths,
    EngineStore store,
    NodeState node,
    VaultDestinations destinations,
    RcloneClient rclone,
    IVaultVerifier verifier,
    FfprobeClient ffprobe,
    TimeProvider time,
    ILogger<Replacer> log
)
{
    /// <summary>A plan when the file at <paramref name="sourcePath"/> should take <paramref name="target"/> from <paramref name="owner"/>; else null (keep both).</summary>
    public async Task<Replacement?> PlanAsync(
        string sourcePath,
        ItemId owner,
        LibraryPath target,
        CancellationToken ct
    )
    {
        var old = (await store.GetItemAsync(owner, ct))?.Item;
        var oldLocal = Path.Combine(paths.Library, target.Value);
        if (
            old is null
            || old.State != ItemState.Notified
            || !old.IsVaulted(Artifact.Source)
            || await store.IsPinnedAsync(owner, ct)
            || !File.Exists(oldLocal)
            || old.Copies.Where(c => c.Artifact == Artifact.Source)
                .Any(c => destinations.Named(c.Destination) is null)
        )
        {
            return null;
        }

        if (!await BetterAsync(sourcePath, oldLocal, ct))
        {
            return null;
        }

        var stamp = time.GetUtcNow().ToString("yyyy-MM-dd HHmmss", CultureInfo.InvariantCulture);
        var extension = Path.GetExtension(target.Value);
        var movesTo = LibraryPath.ParseMoved(
            $"{target.Value[..^extension.Length]} (superseded {stamp}){extension}"
        );
        return new Replacement(owner, target.Value, movesTo.Value);
    }

    /// <summary>Carries the plan out (or finishes it after a crash). Afterwards the name is free.</summary>
    public async Task ReplaceAsync(Replacement plan, ItemId by, CancellationToken ct)
    {
        var old =
            (await store.GetItemAsync(plan.Old, ct))?.Item
            ?? throw new PermanentStepException($"Item {plan.Old} is gone.");
        if (old.LibraryPath == plan.OldMovesTo)
        {
            return;
        }

        var moved = new List<VaultCopy>();
        foreach (var copy in old.Copies.Where(c => c.Artifact == Artifact.Source))
        {
            var destination =
                destinations.Named(copy.Destination)
                ?? throw new PermanentStepException(
                    $"Destination {copy.Destination} is not configured on node {node.Name}; cannot move the old copy."
                );
            var from = destination.Root.Combine(plan.LibraryPath);
            var to = destination.Root.Combine(plan.OldMovesTo);
            if (await rclone.StatAsync(to, [], ct) is null)
            {
                if (await rclone.StatAsync(from, [], ct) is null)
                {
                    throw new PermanentStepException(
                        $"The old copy {copy.RemotePath} is missing from {copy.Destination}; not replacing the local file."
                    );
                }

                await rclone.MoveToAsync(from, to, ct);
            }

            var renamed = copy with { RemotePath = to.Redacted };
            if (await verifier.ProblemWithAsync(renamed, plan.OldMovesTo, ct) is { } problem)
            {
                throw new VaultVerificationException(
                    $"The old file did not verify after moving in {copy.Destination}: {problem}."
                );
            }

            moved.Add(renamed);
        }

        // The old bytes are safe in the vault under their new name: the local copy may go.
        var oldLocal = Path.Combine(paths.Library, plan.LibraryPath);
        if (
            File.Exists(oldLocal)
            && await ContentHash.MatchesAsync(oldLocal, old.Size, old.SourceKey, ct)
        )
        {
            File.Delete(oldLocal);
        }

        var result = await store.SupersedeAsync(
            plan.Old,
            new Supersede(plan.OldMovesTo, by, [.. moved]),
            node.Name,
            ct
        );
        if (!result.Applied)
        {
            throw new InvalidOperationException(
                $"Item {plan.Old} could not give up its name yet: {result.Rejection}"
            );
        }

        log.LogInformation(
            "Item {Old} gave {Path} to item {New}; the old file is kept in the vault as {Kept}",
            plan.Old,
            plan.LibraryPath,
            by,
            plan.OldMovesTo
        );
    }

    /// <summary>Higher resolution wins; at the same resolution, a bitrate a fifth higher.</summary>
    private async Task<bool> BetterAsync(string candidate, string existing, CancellationToken ct)
    {
        try
        {
            var (newer, older) = (
                await ffprobe.ProbeAsync(candidate, ct),
                await ffprobe.ProbeAsync(existing, ct)
            );
            var (newHeight, oldHeight) = (
                newer.MainVideo?.Height ?? 0,
                older.MainVideo?.Height ?? 0
            );
            return newHeight > oldHeight
                || (newHeight == oldHeight && newHeight > 0 && Rate(newer) > Rate(older) * 1.2);
        }
        catch (MediaProbeException)
        {
            return false; // unsure: keep both
        }
    }

    private static double Rate(MediaInfo info) =>
        info.Duration is { TotalSeconds: > 0 } duration
            ? info.SizeBytes / duration.TotalSeconds
            : 0;
}
