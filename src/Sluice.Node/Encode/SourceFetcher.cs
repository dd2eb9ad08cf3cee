using Sluice.Domain.Items;
using Sluice.Node.Configuration;
using Sluice.Node.Engine;
using Sluice.Node.Vault;
using Sluice.Tools.Rclone;

namespace Sluice.Node.Encode;

/// <summary>
/// Where an encode reads its source: the library file when this node holds it, otherwise a
/// copy fetched from the vault into the attempt's work folder (an encode node that is not the
/// node that took the file in, or a source tiering already evicted).
/// </summary>
public sealed class SourceFetcher(
    NodePaths paths,
    NodeState node,
    VaultDestinations destinations,
    RcloneClient rclone
)
{
    public async Task<string> LocalSourceAsync(
        StepContext context,
        string work,
        CancellationToken ct
    )
    {
        var item = context.Item;
        var relative = item.LibraryPath!;
        var local = Path.Combine(paths.Library, relative);
        if (item.Holder is null || item.Holder == node.Name)
        {
            if (!item.Evicted.Contains(Artifact.Source) && File.Exists(local))
            {
                return local;
            }
        }

        foreach (var copy in item.Copies.Where(c => c.Artifact == Artifact.Source))
        {
            if (destinations.Named(copy.Destination) is not { } destination)
            {
                continue;
            }

            var fetched = Path.Combine(
                work,
                "source" + Path.GetExtension(relative).ToLowerInvariant()
            );
            context.ReportProgress(new { fetching = copy.Destination, bytes = copy.Size });
            await rclone.CopyBetweenAsync(
                destination.Root.Combine(relative),
                RemotePath.Local(fetched),
                null,
                ct
            );
            var size = new FileInfo(fetched).Length;
            return size == copy.Size
                ? fetched
                : throw new InvalidDataException(
                    $"The copy fetched from {copy.Destination} has {size:N0} bytes, {copy.Size:N0} were vaulted."
                );
        }

        throw new PermanentStepException(
            $"The source of item {item.Id} is not on this node ({node.Name}) and none of its vault copies ({string.Join(", ", item.Copies.Select(c => c.Destination))}) is on a destination configured here."
        );
    }
}
