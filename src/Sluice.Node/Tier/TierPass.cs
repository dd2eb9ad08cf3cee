using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sluice.Domain.Items;
using Sluice.Node.Configuration;
using Sluice.Node.Engine;
using Sluice.Store;

namespace Sluice.Node.Tier;

/// <summary>What one tiering pass saw and did.</summary>
public sealed record TierResult(
    VolumeSpace Before,
    VolumeSpace After,
    int EvictedFiles,
    long EvictedBytes
);

/// <summary>
/// Keeps the library volume above its low watermark by evicting least recently accessed
/// files until the high watermark is reached. The rule it never breaks: a file is deleted
/// only when (1) its item is finished and unpinned, (2) the journal records a vault copy,
/// (3) that copy verifies again right now, and (4) no process has the file open. Passes are
/// serialised on this node so two never pick the same files.
/// </summary>
public sealed class TierPass(
    EngineStore store,
    NodePaths paths,
    IFreeSpaceProbe probe,
    IVaultVerifier verifier,
    IOptions<TierOptions> options,
    NodeState node,
    ILogger<TierPass> log
) : IDisposable
{
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);

    private sealed record Candidate(
        Item Item,
        Artifact Artifact,
        string Relative,
        string FullPath,
        long Size,
        DateTime LastAccessUtc
    );

    public async Task<TierResult> RunAsync(CancellationToken ct)
    {
        await _oneAtATime.WaitAsync(ct);
        try
        {
            return await RunExclusiveAsync(ct);
        }
        finally
        {
            _oneAtATime.Release();
        }
    }

    private async Task<TierResult> RunExclusiveAsync(CancellationToken ct)
    {
        var settings = options.Value;
        var before = probe.Measure(paths.Library);
        if (before.FreePercent >= settings.LowWatermarkPercent)
        {
            return new TierResult(before, before, 0, 0);
        }

        var candidates = await CandidatesAsync(settings.MinResidency, ct);
        var evicted = 0;
        var freed = 0L;
        var now = before;
        foreach (var candidate in candidates.OrderBy(c => c.LastAccessUtc))
        {
            if (now.FreePercent >= settings.HighWatermarkPercent)
            {
                break;
            }

            if (await TryEvictAsync(candidate, ct))
            {
                evicted++;
                freed += candidate.Size;
                now = probe.Measure(paths.Library);
            }
        }

        if (now.FreePercent < settings.LowWatermarkPercent)
        {
            log.LogWarning(
                "Library volume still below its low watermark ({Free:0.#}% free < {Low}%): nothing more is verifiably in the vault",
                now.FreePercent,
                settings.LowWatermarkPercent
            );
        }

        return new TierResult(before, now, evicted, freed);
    }

    private async Task<List<Candidate>> CandidatesAsync(TimeSpan minResidency, CancellationToken ct)
    {
        var list = new List<Candidate>();
        foreach (var (item, _) in await store.EvictionCandidatesAsync(minResidency, ct))
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
                if (info.Exists)
                {
                    list.Add(
                        new Candidate(
                            item,
                            artifact,
                            relative,
                            full,
                            info.Length,
                            Max(info.LastAccessUtc(), info.LastWriteTimeUtc)
                        )
                    );
                }
            }
        }

        return list;
    }

    private async Task<bool> TryEvictAsync(Candidate candidate, CancellationToken ct)
    {
        var copies = candidate.Item.Copies.Where(c => c.Artifact == candidate.Artifact).ToList();
        string? problem = null;
        foreach (var copy in copies)
        {
            problem = await verifier.ProblemWithAsync(copy, candidate.Relative, ct);
            if (problem is null)
            {
                break;
            }
        }

        if (problem is not null)
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

        File.Delete(candidate.FullPath);
        var recorded = await store.RecordEvictionAsync(
            candidate.Item.Id,
            candidate.Artifact,
            candidate.Size,
            node.Name,
            ct
        );
        if (!recorded.Applied)
        {
            // The copy verified, so the bytes are safe in the vault; the journal disagreeing is worth a loud line.
            log.LogError(
                "Evicted {Path} but the journal refused the record: {Reason}",
                candidate.FullPath,
                recorded.Rejection
            );
        }

        log.LogInformation(
            "Evicted {Path} ({Size:N0} bytes); its vault copy verified just now",
            candidate.FullPath,
            candidate.Size
        );
        return true;
    }

    private static DateTime Max(DateTime a, DateTime b) => a > b ? a : b;

    /// <summary>Each node evicts only from its own disk: the source where it took the file in, outputs where it encoded them.</summary>
    private bool HeldHere(Item item, Artifact artifact) =>
        (artifact == Artifact.Source ? item.Holder : item.Output?.Node) is not { } holder
        || holder == node.Name;

    public void Dispose() => _oneAtATime.Dispose();
}

internal static class FileInfoExtensions
{
    /// <summary>The volume's access time; with relatime it lags by up to a day, which LRU can live with.</summary>
    public static DateTime LastAccessUtc(this FileInfo info) => info.LastAccessTimeUtc;
}
