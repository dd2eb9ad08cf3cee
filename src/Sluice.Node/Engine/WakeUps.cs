using System.Collections.Concurrent;

namespace Sluice.Node.Engine;

/// <summary>
/// In-process mailbox wake-ups: a worker that enqueued work for a queue pokes that queue's
/// workers so they claim at once instead of at the next poll. Polling stays the guarantee;
/// a lost poke only adds latency.
/// </summary>
public sealed class WakeUps
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _signals = new();

    public void Poke(string queue)
    {
        var signal = _signals.GetOrAdd(queue, _ => new SemaphoreSlim(0, 1));
        if (signal.CurrentCount == 0)
        {
            try
            {
                signal.Release();
            }
            catch (SemaphoreFullException)
            {
                // Another poke got there first; one pending wake-up is enough.
            }
        }
    }

    /// <summary>Completes when the queue is poked; cancel <paramref name="ct"/> to stop waiting.</summary>
    public Task WaitAsync(string queue, CancellationToken ct) =>
        _signals.GetOrAdd(queue, _ => new SemaphoreSlim(0, 1)).WaitAsync(ct);
}
