using System.Collections.Immutable;
using Sluice.Domain.Items;
using Sluice.Node.Configuration;
using Sluice.Node.Engine;
using Sluice.Tools.Rclone;

namespace Sluice.Node.Vault;

/// <summary>
/// The vault steps: copy an item's file (the source, or later its encoded output) to every
/// destination and verify each copy. Destinations already holding a verified copy from an
/// earlier attempt are not uploaded again.
/// </summary>
public sealed class VaultHandler(
    Artifact artifact,
    NodePaths paths,
    VaultDestinations destinations,
    VaultUploader uploader
) : IStepHandler
{
    public Step Step => artifact == Artifact.Source ? Step.Vault : Step.VaultEncoded;

    public async Task<ItemCommand> RunAsync(StepContext context, CancellationToken ct)
    {
        var item = context.Item;
        var relative =
            item.PathOf(artifact)
            ?? throw new InvalidOperationException(
                $"Item {item.Id} has no {Names.Of(artifact)} file to vault."
            );
        var local = Path.Combine(paths.Library, relative);
        if (!File.Exists(local))
        {
            throw new PermanentStepException(
                $"The {Names.Of(artifact)} file {local} is missing from the library."
            );
        }

        // Only the hashes the destinations compare are computed, while the first upload runs.
        var types = new HashSet<HashType>();
        foreach (var destination in destinations.Primaries)
        {
            if (
                await destinations.PlanAsync(destination, true, ct) is { } plan
                && plan.ComparedHash is { } type
            )
            {
                types.Add(type);
            }
        }

        using var hashing = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var size = new FileInfo(local).Length;
        var digest = LocalDigest.OfAsync(local, types, hashing.Token);
        var copies = ImmutableArray.CreateBuilder<VaultCopy>();
        try
        {
            foreach (var destination in destinations.Primaries)
            {
                try
                {
                    copies.Add(
                        await uploader.UploadAsync(
                            context,
                            artifact,
                            new VaultSource.Local(local),
                            relative,
                            destination,
                            size,
                            digest,
                            ct
                        )
                    );
                }
                catch (RcloneException ex) when (ex.Kind == RcloneErrorKind.Permanent)
                {
                    throw new PermanentStepException($"{destination.Name}: {ex.Message}", ex);
                }
            }
        }
        finally
        {
            // A failed upload does not need the rest of a large file read.
            await hashing.CancelAsync();
            await digest.ContinueWith(
                _ => { },
                CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default
            );
        }

        // The first vault of the source fixes the item's replicas; the distribute step fills them.
        return new CompleteVault(
            artifact,
            copies.ToImmutable(),
            artifact == Artifact.Source ? [.. destinations.Replicas.Select(r => r.Name)] : []
        );
    }
}
