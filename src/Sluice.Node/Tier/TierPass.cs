using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sluice.Domain.Items;
using Sluice.Node.Configuration;
using Sluice.Node.Engine;
using Sluice.Node.Metrics;
using Sluice.Store;

namespace Sluice.Node.Tier;

/// <summary>What one pass saw and did on one volume.</summary>
public sealed record VolumePass(
    Volume Volume,
    Watermarks Watermarks,
    VolumeSpace Before,
    VolumeSpace After,
    int EvictedFiles,
    long EvictedBytes
);

/// <summary>What one tiering pass saw and did: the library's volume, and every volume it looked at.</summary>
public sealed record TierResult(
    VolumeSpace Before,
    VolumeSpace After,
    int EvictedFiles,
    long EvictedBytes,
    IReadOnlyList<VolumePass> Volumes
);

/// <summary>
/// Keeps each local volume holding library files above its low watermark by evicting least
/// recently accessed files until its high watermark is reached; volumes are measured and
/// evicted from independently. The rule it never breaks: a file is deleted only when (1) its
/// item is finished, unpinned, past its minimum residency and has no step in progress, (2) the
/// journal records a vault copy, (3) that copy verifies again right now, (4) no process has
/// the file open, and (5) the journal accepted the eviction record (which re-checks 1 and 2
/// under the item's lock) just before the delete. Passes are serialised on this node so two
/// never pick the same files.
/// </summary>
public sealed partial class TierPass(
    EngineStore store,
    NodePaths paths,
    IFreeSpaceProbe probe,
    IVolumeMap volumes,
    IVaultVerifier verifier,
    IOptions<TierOptions> options,
    NodeState node,
    ILogger<TierPass> log,
    NodeMetrics? metrics = null
) : IDisposable
{
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);

    // Touched only inside a pass, which _oneAtATime serialises.
    private readonly HashSet<string> _noatimeReported = [];

    private sealed record Candidate(
        Item Item,
        Artifact Artifact,
        string Relative,
        string FullPath,
        Volume Volume,
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
        var mounts = volumes.Mounts();
        var library = mounts.Of(paths.Library);
        var candidates = await CandidatesAsync(settings.MinResidency, mounts, ct);
        var passes = new List<VolumePass>();
        foreach (
            var volume in candidates.Select(c => c.Volume).Append(library).DistinctBy(v => v.Id)
        )
        {
            passes.Add(
                await RunOnVolumeAsync(
                    volume,
                    WatermarksFor(volume, settings, mounts),
                    candidates.Where(c => c.Volume.Id == volume.Id),
                    ct
                )
            );
        }

        var home = passes.First(p => p.Volume.Id == library.Id);
        return new TierResult(
            home.Before,
            home.After,
            passes.Sum(p => p.EvictedFiles),
            passes.Sum(p => p.EvictedBytes),
            passes
        );
    }

    private async Task<VolumePass> RunOnVolumeAsync(
        Volume volume,
        Watermarks marks,
        IEnumerable<Candidate> candidates,
        CancellationToken ct
    )
    {
        var before = probe.Measure(volume.MountPoint);
        if (before.FreePercent >= marks.LowPercent)
        {
            return new VolumePass(volume, marks, before, before, 0, 0);
        }

        var evicted = 0;
        var freed = 0L;
        var now = before;
        foreach (var candidate in candidates.OrderBy(c => c.LastAccessUtc))
        {
            if (now.FreePercent >= marks.HighPercent)
            {
                break;
            }

            if (await TryEvictAsync(candidate, ct))
            {
                evicted++;
                freed += candidate.Size;
                now = probe.Measure(volume.MountPoint);
            }
        }

        var pass = new VolumePass(volume, marks, before, now, evicted, freed);
        Report(pass);
        return pass;
    }

    /// <summary>A per-volume entry applies when its path lies on this volume; unset values fall back to the global ones.</summary>
    private static Watermarks WatermarksFor(
        Volume volume,
        TierOptions settings,
        IReadOnlyList<Volume> mounts
    )
    {
        var entry = settings.Volumes.FirstOrDefault(v => mounts.Of(v.Path).Id == volume.Id);
        return new Watermarks(
            entry?.LowWatermarkPercent ?? settings.LowWatermarkPercent,
            entry?.HighWatermarkPercent ?? settings.HighWatermarkPercent
        );
    }

    private void Report(VolumePass pass)
    {
        log.LogInformation(
            "Tier pass on {MountPoint} ({Device}): {Before:0.#}% free, evicted {Files} files ({Bytes:N0} bytes), now {After:0.#}% free (low {Low}%, high {High}%)",
            pass.Volume.MountPoint,
            pass.Volume.Id,
            pass.Before.FreePercent,
            pass.EvictedFiles,
            pass.EvictedBytes,
            pass.After.FreePercent,
            pass.Watermarks.LowPercent,
            pass.Watermarks.HighPercent
        );
        if (pass.After.FreePercent < pass.Watermarks.LowPercent)
        {
            log.LogWarning(
                "Volume {MountPoint} still below its low watermark ({Free:0.#}% free < {Low}%): nothing more on it is verifiably in the vault and free to go",
                pass.Volume.MountPoint,
                pass.After.FreePercent,
                pass.Watermarks.LowPercent
            );
        }
    }

    public void Dispose() => _oneAtATime.Dispose();
}
