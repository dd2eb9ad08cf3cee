using Microsoft.Extensions.Logging;
using Sluice.Domain.Items;

namespace Sluice.Node.Tier;

public sealed partial class TierPass
{
    /// <summary>
    /// Every local file of a finished, unpinned, rested item that the journal says is vaulted,
    /// with the volume it is on and when it was last used.
    /// </summary>
    private async Task<List<Candidate>> CandidatesAsync(
        TimeSpan minResidency,
        IReadOnlyList<Volume> mounts,
        CancellationToken ct
    )
    {
        var list = new List<Candidate>();
        foreach (var (item, sluiceAccess) in await store.EvictionCandidatesAsync(minResidency, ct))
        {
            foreach (var artifact in new[] { Artifact.Source, Artifact.Encoded })
            {
                if (
                    !HeldHere(item, artifact)
                    || item.PathOf(artifact) is not { } relative
                    || item.Evicted.Contains(artifact)
                    || !item.IsVaulted(artifact)
                )
                {
                    continue;
                }

                var full = Path.Combine(paths.Library, relative);
                var info = new FileInfo(full);
                if (!info.Exists)
                {
                    continue;
                }

                var volume = mounts.Of(full);
                list.Add(
                    new Candidate(
                        item,
                        artifact,
                        relative,
                        full,
                        volume,
                        info.Length,
                        LastAccess(info, volume, sluiceAccess?.UtcDateTime)
                    )
                );
            }
        }

        return list;
    }

    /// <summary>
    /// The later of the volume's atime (where the volume keeps it: a media server's reads
    /// show there and nowhere else), Sluice's own access record, and the last write (a file
    /// nobody read since it arrived was last used when it was written).
    /// </summary>
    private DateTime LastAccess(FileInfo info, Volume volume, DateTime? sluiceAccess)
    {
        var last = info.LastWriteTimeUtc;
        if (volume.KeepsAtime)
        {
            last = Max(last, info.LastAccessTimeUtc);
        }
        else if (_noatimeReported.Add(volume.Id))
        {
            log.LogInformation(
                "Volume {MountPoint} is mounted noatime: tiering orders its files by Sluice's own access record and their write time only, so a media server's reads do not count there",
                volume.MountPoint
            );
        }

        return sluiceAccess is { } sluice ? Max(last, sluice) : last;
    }

    private static DateTime Max(DateTime a, DateTime b) => a > b ? a : b;

    /// <summary>Each node evicts only from its own disk: the source where it took the file in, outputs where it encoded them.</summary>
    private bool HeldHere(Item item, Artifact artifact) =>
        (artifact == Artifact.Source ? item.Holder : item.Output?.Node) is not { } holder
        || holder == node.Name;
}
