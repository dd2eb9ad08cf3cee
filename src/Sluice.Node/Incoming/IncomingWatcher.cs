using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sluice.Node.Configuration;

namespace Sluice.Node.Incoming;

/// <summary>
/// Watches the incoming folder (recursively) and hands complete files to the
/// <see cref="Ingestor"/>. Invariants:
/// <list type="bullet">
/// <item>Nothing is missed: a full rescan runs at start, periodically, and whenever the
/// watcher reports an error (inotify overflow); events only make pickup faster.</item>
/// <item>Nothing is taken twice: a path is in at most one of tracked, in-flight or taken;
/// and the store's fingerprint key makes a repeated discovery the same item anyway.</item>
/// <item>Only this loop touches the tracker; watcher callbacks only enqueue paths.</item>
/// </list>
/// </summary>
public sealed class IncomingWatcher(
    NodePaths paths,
    IOptions<IncomingOptions> options,
    Ingestor ingestor,
    IncomingProblems problems,
    TimeProvider time,
    ILogger<IncomingWatcher> log,
    Health.LocationMonitor? health = null
) : BackgroundService
{
    private readonly ConcurrentQueue<string> _reported = new();
    private readonly ConcurrentDictionary<string, byte> _inFlight = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (long Size, DateTime Modified)> _taken = new(
        StringComparer.Ordinal
    );
    private readonly SemaphoreSlim _ingestSlots = new(2, 2);
    private volatile bool _rescanRequested = true;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var filter = new IncomingFilter(paths.Incoming, settings.Extensions);
        var tracker = new StabilityTracker(settings.StableFor);
        var tick = TimeSpan.FromMilliseconds(
            Math.Clamp(settings.StableFor.TotalMilliseconds / 4, 50, 1000)
        );
        using var watcher = StartWatcher();
        var lastRescan = time.GetTimestamp();
        var ingests = new List<Task>();
        log.LogInformation("Watching {Incoming} for new media", paths.Incoming);

        while (!stoppingToken.IsCancellationRequested)
        {
            var now = time.GetUtcNow();
            if (_rescanRequested || time.GetElapsedTime(lastRescan) >= settings.RescanInterval)
            {
                _rescanRequested = false;
                lastRescan = time.GetTimestamp();
                Rescan(filter, tracker, now);
            }

            while (_reported.TryDequeue(out var path))
            {
                if (filter.Accepts(path) && !_inFlight.ContainsKey(path) && File.Exists(path))
                {
                    var info = new FileInfo(path);
                    tracker.Track(path, info.Length, info.LastWriteTimeUtc, now);
                }
            }

            // Closed (the library's disk is gone, or full with no vault to free it): files
            // stay in incoming, tracked, and are taken once it opens again.
            var closed = health?.IngestClosedReason is not null;
            foreach (var path in closed ? [] : tracker.Paths.ToList())
            {
                var info = new FileInfo(path);
                if (!info.Exists)
                {
                    tracker.Forget(path);
                }
                else if (tracker.Observe(path, info.Length, info.LastWriteTimeUtc, now))
                {
                    tracker.Forget(path);
                    _inFlight[path] = 0;
                    ingests.Add(IngestAsync(path, stoppingToken));
                }
            }

            ingests.RemoveAll(t => t.IsCompleted);
            try
            {
                await Task.Delay(tick, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        await Task.WhenAll(ingests);
    }

    private FileSystemWatcher StartWatcher()
    {
        var watcher = new FileSystemWatcher(paths.Incoming)
        {
            IncludeSubdirectories = true,
            NotifyFilter =
                NotifyFilters.FileName
                | NotifyFilters.DirectoryName
                | NotifyFilters.Size
                | NotifyFilters.LastWrite,
            InternalBufferSize = 64 * 1024,
        };
        watcher.Created += (_, e) => Reported(e.FullPath);
        watcher.Changed += (_, e) => Reported(e.FullPath);
        watcher.Renamed += (_, e) => Reported(e.FullPath);
        watcher.Error += (_, e) =>
        {
            log.LogWarning(
                "The folder watcher reported {Error}; rescanning",
                e.GetException().Message
            );
            _rescanRequested = true;
        };
        watcher.EnableRaisingEvents = true;
        return watcher;
    }

    private void Reported(string path)
    {
        if (Directory.Exists(path))
        {
            // A folder moved in whole (a season pack) brings files no event will name.
            _rescanRequested = true;
            return;
        }

        _reported.Enqueue(path);
    }

    private void Rescan(IncomingFilter filter, StabilityTracker tracker, DateTimeOffset now)
    {
        var present = new HashSet<string>(StringComparer.Ordinal);
        var options = new EnumerationOptions
        {
            RecurseSubdirectories = true,
            IgnoreInaccessible = true,
            AttributesToSkip = 0,
        };
        foreach (var path in Directory.EnumerateFiles(paths.Incoming, "*", options))
        {
            present.Add(path);
            if (!filter.Accepts(path) || _inFlight.ContainsKey(path) || tracker.IsTracked(path))
            {
                continue;
            }

            var info = new FileInfo(path);
            if (!info.Exists)
            {
                // Listed but not found by its own name: the name's bytes are not valid UTF-8.
                if (
                    problems.Report(
                        path,
                        "the file name is not valid UTF-8; rename it to take it in"
                    )
                )
                {
                    log.LogWarning(
                        "Cannot take {Path}: its name is not valid UTF-8; rename it",
                        path
                    );
                }

                continue;
            }

            lock (_taken)
            {
                if (
                    _taken.TryGetValue(path, out var taken)
                    && taken == (info.Length, info.LastWriteTimeUtc)
                )
                {
                    continue;
                }
            }

            tracker.Track(path, info.Length, info.LastWriteTimeUtc, now);
        }

        problems.KeepOnly(present);
        lock (_taken)
        {
            foreach (var gone in _taken.Keys.Where(p => !present.Contains(p)).ToList())
            {
                _taken.Remove(gone);
            }
        }
    }

    private async Task IngestAsync(string path, CancellationToken ct)
    {
        await _ingestSlots.WaitAsync(ct);
        try
        {
            var info = new FileInfo(path);
            var outcome = await ingestor.IngestAsync(path, ct);
            if (outcome == IngestOutcome.Taken)
            {
                lock (_taken)
                {
                    _taken[path] = (info.Length, info.LastWriteTimeUtc);
                }
            }
            else if (outcome == IngestOutcome.Changed)
            {
                _reported.Enqueue(path);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested) { }
        catch (Exception ex)
        {
            // A database or disk error: the next rescan offers the file again.
            log.LogWarning("Could not take {Path} yet: {Error}", path, ex.Message);
            _rescanRequested = true;
        }
        finally
        {
            _inFlight.TryRemove(path, out _);
            _ingestSlots.Release();
        }
    }
}
