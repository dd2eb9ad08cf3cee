using System.Collections.Concurrent;
using Sluice.Domain.Items;

namespace Sluice.Node.Metrics;

/// <summary>How one run of a step ended, as counted in <c>sluice_step_runs_total</c>.</summary>
public enum StepOutcome
{
    /// <summary>The step's result was journaled.</summary>
    Completed,

    /// <summary>A failed attempt that will be tried again after backoff.</summary>
    Retry,

    /// <summary>A permanent failure, or the last attempt: the item is failed.</summary>
    Failed,

    /// <summary>Put off without spending an attempt (an upload window, a cap, a paused destination).</summary>
    Deferred,

    /// <summary>Handed back at shutdown.</summary>
    Released,

    /// <summary>The lease went to another node; the work was discarded.</summary>
    LeaseLost,
}

/// <summary>
/// What this node has done since it started: step runs and their durations, bytes vaulted,
/// evictions, lease rescues. Counters only grow (Prometheus handles the reset at a restart);
/// every method is thread-safe and allocation-free after a label's first use.
/// </summary>
/// <remarks>The cluster-wide gauges (items per state, queue depths) come from the store at scrape time instead.</remarks>
public sealed class NodeMetrics
{
    /// <summary>Upper bounds of the duration histogram, in seconds: a subtitle copy to a long hardsub.</summary>
    public static IReadOnlyList<double> DurationBuckets { get; } =
    [0.1, 0.5, 1, 5, 15, 60, 300, 900, 3600, 14400];

    private readonly ConcurrentDictionary<(Step Step, StepOutcome Outcome), Counter> _runs = new();
    private readonly ConcurrentDictionary<Step, Histogram> _durations = new();
    private readonly ConcurrentDictionary<string, Counter> _vaulted = new();
    private readonly Counter _evictions = new();
    private readonly Counter _evictedBytes = new();
    private readonly Counter _rescues = new();

    public void StepEnded(Step step, StepOutcome outcome, TimeSpan duration)
    {
        _runs.GetOrAdd((step, outcome), _ => new Counter()).Add(1);
        _durations.GetOrAdd(step, _ => new Histogram(DurationBuckets.Count)).Observe(duration);
    }

    /// <summary>A verified copy was uploaded (not one found already there).</summary>
    public void Vaulted(string destination, long bytes) =>
        _vaulted.GetOrAdd(destination, _ => new Counter()).Add(bytes);

    public void Evicted(long bytes)
    {
        _evictions.Add(1);
        _evictedBytes.Add(bytes);
    }

    /// <summary>Jobs whose lease had run out, handed back by this node's rescue.</summary>
    public void Rescued(int jobs) => _rescues.Add(jobs);

    public IReadOnlyList<(Step Step, StepOutcome Outcome, long Count)> Runs =>
        [.. _runs.Select(r => (r.Key.Step, r.Key.Outcome, r.Value.Value))];

    public IReadOnlyList<(Step Step, HistogramSnapshot Durations)> Durations =>
        [.. _durations.Select(d => (d.Key, d.Value.Snapshot()))];

    public IReadOnlyList<(string Destination, long Bytes)> VaultedBytes =>
        [.. _vaulted.Select(v => (v.Key, v.Value.Value))];

    public long Evictions => _evictions.Value;

    public long EvictedBytes => _evictedBytes.Value;

    public long LeaseRescues => _rescues.Value;

    private sealed class Counter
    {
        private long _value;

        public long Value => Interlocked.Read(ref _value);

        public void Add(long by) => Interlocked.Add(ref _value, by);
    }

    private sealed class Histogram(int buckets)
    {
        private readonly Lock _gate = new();
        private readonly long[] _counts = new long[buckets];
        private long _count;
        private double _sum;

        public void Observe(TimeSpan duration)
        {
            var seconds = duration.TotalSeconds;
            lock (_gate)
            {
                for (var i = 0; i < _counts.Length; i++)
                {
                    if (seconds <= DurationBuckets[i])
                    {
                        _counts[i]++;
                    }
                }

                _count++;
                _sum += seconds;
            }
        }

        public HistogramSnapshot Snapshot()
        {
            lock (_gate)
            {
                return new HistogramSnapshot([.. _counts], _count, _sum);
            }
        }
    }
}

/// <param name="Cumulative">Observations at or under each of <see cref="NodeMetrics.DurationBuckets"/>.</param>
public sealed record HistogramSnapshot(IReadOnlyList<long> Cumulative, long Count, double Sum);
