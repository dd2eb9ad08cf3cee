using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sluice.Node.Configuration;
using Sluice.Node.Tier;
using Sluice.Node.Vault;
using Sluice.Store;
using Sluice.Tools.Rclone;

namespace Sluice.Node.Health;

/// <summary>One place Sluice reads or writes, and whether it is there right now.</summary>
/// <param name="Kind">incoming, library, union or vault.</param>
public sealed record LocationStatus(
    string Kind,
    string Name,
    string Where,
    bool Healthy,
    string? Problem
);

/// <summary>
/// Probes every location the node acts on and closes the stages that need one that is gone:
/// a local folder whose sentinel file vanished (the disk or mount under it is missing, and an
/// empty mount point must not look like an empty library), a union view that no longer shows
/// the library, a vault destination that cannot be listed. With the library volume under
/// its hard floor and no primary destination usable, ingest and encode pause instead of
/// filling the disk. A mount the node supervises (Mounts) closes the stages listed on it while it
/// is not healthy. Every closed gate has a reason, shown in /api/health and the log.
/// </summary>
public sealed class LocationMonitor(
    NodePaths paths,
    VaultDestinations destinations,
    RcloneClient rclone,
    IFreeSpaceProbe space,
    EngineStore store,
    IOptions<HealthOptions> options,
    TimeProvider time,
    ILogger<LocationMonitor> log,
    Mounts.MountSupervisor? mounts = null
) : BackgroundService
{
    public const string SentinelName = ".sluice-location";

    private readonly ConcurrentDictionary<string, string> _closed = new();
    private volatile IReadOnlyList<LocationStatus> _locations = [];
    private volatile string? _backPressure;

    public IReadOnlyList<LocationStatus> Locations => _locations;

    /// <summary>Why ingest and encode are paused to protect the disk, or null.</summary>
    public string? BackPressure => _backPressure;

    /// <summary>Why this node must not work the queue now, or null when it may.</summary>
    public string? ClosedReason(string queue) =>
        _closed.TryGetValue(queue, out var r) ? r : mounts?.ClosedReason(queue);

    /// <summary>Why new files must stay in incoming now, or null.</summary>
    public string? IngestClosedReason => ClosedReason("incoming");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ProbeAsync(stoppingToken);
                await Task.Delay(options.Value.ProbeInterval, time, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                log.LogWarning("Probing locations failed: {Error}", ex.Message);
                await Task.Delay(options.Value.ProbeInterval, time, stoppingToken);
            }
        }
    }

    /// <summary>Probes every location once and recomputes the gates.</summary>
    public async Task ProbeAsync(CancellationToken ct)
    {
        var settings = options.Value;
        var locations = new List<LocationStatus>
        {
            Local("incoming", paths.Incoming),
            Local("library", paths.Library),
        };
        if (!string.IsNullOrWhiteSpace(settings.Union))
        {
            locations.Add(await UnionAsync(settings.Union, settings.ProbeTimeout, ct));
        }

        foreach (var destination in destinations.All)
        {
            locations.Add(await RemoteAsync(destination, settings.ProbeTimeout, ct));
        }

        var incoming = locations[0];
        var library = locations[1];
        var union = locations.FirstOrDefault(l => l.Kind == "union");
        var primaries = locations
            .Where(l => l.Kind == "vault" && destinations.Named(l.Name) is { Replica: false })
            .ToList();
        var paused = (await store.DestinationStatesAsync(ct))
            .Where(s => s.PausedUntil > time.GetUtcNow())
            .Select(s => s.Destination)
            .ToHashSet();
        var vaultUsable = primaries.Any(p => p.Healthy && !paused.Contains(p.Name));
        var backPressure = BackPressureReason(library, vaultUsable, settings.HardFloorPercent);

        var closed = new Dictionary<string, string>();
        void Close(string queue, LocationStatus? location)
        {
            if (location is { Healthy: false } && !closed.ContainsKey(queue))
            {
                closed[queue] =
                    $"{location.Kind} {location.Where} is unavailable: {location.Problem}";
            }
        }

        Close("incoming", incoming);
        Close("incoming", library);
        Close("sanitize", library);
        Close("vault", library);
        Close("encode", library);
        Close("tier", library);
        Close("tier", union); // evicting while the union is down would hide more files from the media server
        if (backPressure is not null)
        {
            closed.TryAdd("incoming", backPressure);
            closed.TryAdd("encode", backPressure);
        }

        foreach (var (queue, reason) in closed)
        {
            if (!_closed.TryGetValue(queue, out var before) || before != reason)
            {
                log.LogWarning("Stage {Queue} paused on this node: {Reason}", queue, reason);
            }
        }

        foreach (var queue in _closed.Keys.Except(closed.Keys))
        {
            log.LogInformation("Stage {Queue} resumes on this node", queue);
        }

        foreach (var queue in _closed.Keys.Except(closed.Keys).ToList())
        {
            _closed.TryRemove(queue, out _);
        }

        foreach (var (queue, reason) in closed)
        {
            _closed[queue] = reason;
        }

        _locations = locations;
        _backPressure = backPressure;
    }

    private string? BackPressureReason(LocationStatus library, bool vaultUsable, double floor)
    {
        if (!library.Healthy || vaultUsable)
        {
            return null;
        }

        var volume = space.Measure(paths.Library);
        return volume.FreePercent < floor
            ? $"the library volume has {volume.FreePercent:0.#}% free, under its hard floor of {floor}%, and no vault destination can take uploads, so tiering cannot free space: new files wait in incoming"
            : null;
    }

    /// <summary>
    /// A local folder is healthy when its sentinel is there. The first time the node sees a
    /// folder it writes the sentinel and remembers it in the data folder; a remembered folder
    /// without its sentinel is a mount that is gone.
    /// </summary>
    private LocationStatus Local(string kind, string folder)
    {
        var sentinel = Path.Combine(folder, SentinelName);
        var stamped = Path.Combine(paths.Data, "locations", kind);
        try
        {
            if (File.Exists(sentinel))
            {
                return new LocationStatus(kind, kind, folder, true, null);
            }

            if (File.Exists(stamped))
            {
                return new LocationStatus(
                    kind,
                    kind,
                    folder,
                    false,
                    $"its sentinel {SentinelName} is missing: the disk or mount holding it is gone (remove {stamped} if the folder moved on purpose)"
                );
            }

            Directory.CreateDirectory(folder);
            File.WriteAllText(
                sentinel,
                "Sluice checks this file to know the folder's disk is mounted. Keep it.\n"
            );
            Directory.CreateDirectory(Path.GetDirectoryName(stamped)!);
            File.WriteAllText(stamped, folder + "\n");
            return new LocationStatus(kind, kind, folder, true, null);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return new LocationStatus(kind, kind, folder, false, ex.Message);
        }
    }

    /// <summary>The union shows the library's sentinel when it works; a hung FUSE mount counts as down after the timeout.</summary>
    private async Task<LocationStatus> UnionAsync(
        string union,
        TimeSpan timeout,
        CancellationToken ct
    )
    {
        var check = Task.Run(() => File.Exists(Path.Combine(union, SentinelName)), ct);
        var finished = await Task.WhenAny(check, Task.Delay(timeout, time, ct));
        return finished != check
                ? new LocationStatus(
                    "union",
                    "union",
                    union,
                    false,
                    $"no answer within {timeout.TotalSeconds:0}s"
                )
            : await check ? new LocationStatus("union", "union", union, true, null)
            : new LocationStatus(
                "union",
                "union",
                union,
                false,
                $"it does not show the library's {SentinelName}: the union or its mount is down"
            );
    }

    private async Task<LocationStatus> RemoteAsync(
        VaultDestination destination,
        TimeSpan timeout,
        CancellationToken ct
    )
    {
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(ct);
        bounded.CancelAfter(timeout);
        try
        {
            await rclone.ListAsync(destination.Root, bounded.Token);
            return new LocationStatus(
                "vault",
                destination.Name,
                destination.Root.Redacted,
                true,
                null
            );
        }
        catch (Exception ex)
            when (ex is RcloneException or OperationCanceledException && !ct.IsCancellationRequested
            )
        {
            return new LocationStatus(
                "vault",
                destination.Name,
                destination.Root.Redacted,
                false,
                ex is OperationCanceledException
                    ? $"no answer within {timeout.TotalSeconds:0}s"
                    : ex.Message
            );
        }
    }
}
