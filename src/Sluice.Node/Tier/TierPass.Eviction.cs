using Microsoft.Extensions.Logging;

namespace Sluice.Node.Tier;

public sealed partial class TierPass
{
    /// <summary>
    /// The order matters: the vault copy is re-verified and the file checked for readers
    /// first; then the journal records the eviction, which re-checks pin, state and running
    /// steps under the item's lock, so a pin that commits before it wins and one after it
    /// comes after the eviction; only then is the file deleted. A failed delete leaves a file
    /// the journal calls evicted: a leak, never a loss.
    /// </summary>
    private async Task<bool> TryEvictAsync(Candidate candidate, CancellationToken ct)
    {
        if (await VaultProblemAsync(candidate, ct) is { } problem)
        {
            log.LogWarning(
                "Not evicting {Path}: no vault copy verifies now ({Problem})",
                candidate.FullPath,
                problem
            );
            return false;
        }

        if (OpenFiles.IsOpen(candidate.FullPath))
        {
            log.LogInformation("Not evicting {Path}: it is open", candidate.FullPath);
            return false;
        }

        var recorded = await store.RecordEvictionAsync(
            candidate.Item.Id,
            candidate.Artifact,
            candidate.Size,
            node.Name,
            ct
        );
        if (!recorded.Applied)
        {
            log.LogInformation(
                "Not evicting {Path}: {Reason}",
                candidate.FullPath,
                recorded.Rejection
            );
            return false;
        }

        try
        {
            File.Delete(candidate.FullPath);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            log.LogError(
                "Journaled the eviction of {Path} but could not delete it: {Error}. Its vault copy verified; remove the file by hand",
                candidate.FullPath,
                ex.Message
            );
            return false;
        }

        metrics?.Evicted(candidate.Size);
        log.LogInformation(
            "Evicted {Path} ({Size:N0} bytes freed); its vault copy verified just now",
            candidate.FullPath,
            candidate.Size
        );
        return true;
    }

    /// <summary>Null when at least one recorded copy of the artifact verifies right now.</summary>
    private async Task<string?> VaultProblemAsync(Candidate candidate, CancellationToken ct)
    {
        var problem = "the journal records no copy";
        foreach (var copy in candidate.Item.Copies.Where(c => c.Artifact == candidate.Artifact))
        {
            if (await verifier.ProblemWithAsync(copy, candidate.Relative, ct) is not { } found)
            {
                return null;
            }

            problem = found;
        }

        return problem;
    }
}
