using System.Collections.Concurrent;

namespace Sluice.Node.Notify;

/// <summary>
/// What this node learnt about rate limits, so it waits instead of asking again: a webhook's
/// own bucket (X-RateLimit-Remaining 0 until X-RateLimit-Reset-After, or a 429's retry_after)
/// and a host's global limit (a 429 flagged global holds every webhook on that host). Held in
/// memory: Discord counts per caller IP, and every node has its own.
/// </summary>
public sealed class RateLimitGate(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _blockedUntil = new(
        StringComparer.Ordinal
    );

    /// <summary>No request under <paramref name="key"/> before <paramref name="until"/> (a later block wins).</summary>
    public void Block(string key, DateTimeOffset until) =>
        _blockedUntil.AddOrUpdate(key, until, (_, old) => old > until ? old : until);

    /// <summary>When the last of <paramref name="keys"/> opens, or null when they are open now.</summary>
    public DateTimeOffset? BlockedUntil(params IEnumerable<string> keys)
    {
        var now = time.GetUtcNow();
        DateTimeOffset? latest = null;
        foreach (var key in keys)
        {
            if (
                _blockedUntil.TryGetValue(key, out var until)
                && until > now
                && (latest is null || until > latest)
            )
            {
                latest = until;
            }
        }

        return latest;
    }

    /// <summary>
    /// Waits until every key is open. A wait longer than <paramref name="maxWait"/> is not
    /// taken: it throws a <see cref="DeliveryFault.RateLimited"/> so the channel is put off instead.
    /// </summary>
    public async Task WaitAsync(
        string channel,
        IReadOnlyList<string> keys,
        TimeSpan maxWait,
        CancellationToken ct
    )
    {
        while (BlockedUntil(keys) is { } until)
        {
            var wait = until - time.GetUtcNow();
            if (wait > maxWait)
            {
                throw new DeliveryException(
                    DeliveryFault.RateLimited,
                    $"{channel}: rate limited for {wait.TotalSeconds:0.###} s",
                    wait
                );
            }

            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, time, ct);
            }
        }
    }
}
