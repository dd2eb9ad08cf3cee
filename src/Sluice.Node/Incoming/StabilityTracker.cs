namespace Sluice.Node.Incoming;

/// <summary>
/// Decides when a file is complete: its size and modification time have not changed for the
/// stable window. A file is watched from the first time it is seen; any change restarts its
/// window. Pure bookkeeping: the caller reads the file system and the clock.
/// </summary>
public sealed class StabilityTracker(TimeSpan stableFor)
{
    private readonly Dictionary<string, Observation> _seen = new(StringComparer.Ordinal);

    private sealed record Observation(long Size, DateTime ModifiedUtc, DateTimeOffset Since);

    public int Count => _seen.Count;

    public IReadOnlyCollection<string> Paths => _seen.Keys;

    /// <summary>Records the file's current look; true when it has held still for the whole window.</summary>
    public bool Observe(string path, long size, DateTime modifiedUtc, DateTimeOffset now)
    {
        if (
            _seen.TryGetValue(path, out var before)
            && before.Size == size
            && before.ModifiedUtc == modifiedUtc
        )
        {
            return now - before.Since >= stableFor;
        }

        _seen[path] = new Observation(size, modifiedUtc, now);
        return stableFor <= TimeSpan.Zero;
    }

    public bool IsTracked(string path) => _seen.ContainsKey(path);

    /// <summary>Starts watching a path that an event or a rescan reported.</summary>
    public void Track(string path, long size, DateTime modifiedUtc, DateTimeOffset now)
    {
        if (!_seen.ContainsKey(path))
        {
            _seen[path] = new Observation(size, modifiedUtc, now);
        }
    }

    public void Forget(string path) => _seen.Remove(path);
}
