using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Sluice.Domain.Engine;
using Sluice.Domain.Items;
using Sluice.Node.Engine;
using Sluice.Store;

namespace Sluice.Benchmarks.Engine;

/// <summary>
/// BENCHMARK ONLY: <paramref name="nodes"/> engine nodes in this process, each with its own
/// store (its own connection pool), wake-ups, listener and one worker pool per queue, running
/// the instant stages. Measures items per second from the first discovery to the last
/// notification, and the duration of every completing transaction.
/// </summary>
public static class InstantPipeline
{
    /// <summary>Per item: the discovery, then a claim and a completion for each of the six steps.</summary>
    public const double TransactionsPerItem = 1 + (6 * 2);

    public static async Task<(double ItemsPerSecond, List<double> TransitionMs)> RunAsync(
        Func<IStoreDialect> dialect,
        int nodes,
        int items,
        int workersPerQueue
    )
    {
        var time = TimeProvider.System;
        var policy = EnginePolicy.Default() with
        {
            Backoff = new Backoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5)),
        };
        var latencies = new List<double>();
        var lease = TimeSpan.FromSeconds(30);
        var queues = Names.Steps.Select(Placement.QueueOf).Distinct().ToList();
        var services = new List<Microsoft.Extensions.Hosting.IHostedService>();
        EngineStore? first = null;
        for (var n = 0; n < nodes; n++)
        {
            var store = new EngineStore(dialect(), policy, time);
            if (first is null)
            {
                await store.MigrateAsync(CancellationToken.None);
                first = store;
            }

            var wakeUps = new WakeUps();
            var node = new NodeState(
                new NodeIdentity(
                    $"bench-{n}",
                    Guid.NewGuid(),
                    "bench",
                    Environment.ProcessId,
                    Roles.All
                )
            );
            var runner = new JobRunner(
                store,
                InstantStage.All(),
                wakeUps,
                lease,
                time,
                NullLogger<JobRunner>.Instance,
                Record
            );
            services.Add(
                new JobListener(store.Dialect, wakeUps, time, NullLogger<JobListener>.Instance)
            );
            services.AddRange(
                queues.Select(q => new StageWorker(
                    q,
                    workersPerQueue,
                    node.Name,
                    store,
                    runner,
                    wakeUps,
                    node,
                    lease,
                    TimeSpan.FromMilliseconds(50),
                    time,
                    NullLogger<StageWorker>.Instance
                ))
            );
        }

        foreach (var service in services)
        {
            await service.StartAsync(CancellationToken.None);
        }

        var clock = Stopwatch.StartNew();
        for (var i = 0; i < items; i++)
        {
            await first!.DiscoverAsync(
                new NewItem($"bench-{i}.mkv", $"/bench/{i}.mkv", 1, $"sha256:bench-{i}"),
                CancellationToken.None
            );
        }

        while ((await first!.CountByStateAsync(CancellationToken.None))[ItemState.Notified] < items)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20), time);
        }

        var elapsed = clock.Elapsed;
        foreach (var service in services)
        {
            await service.StopAsync(CancellationToken.None);
        }

        latencies.Sort();
        return (items / elapsed.TotalSeconds, latencies);

        void Record(TimeSpan duration)
        {
            lock (latencies)
            {
                latencies.Add(duration.TotalMilliseconds);
            }
        }
    }

    public static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0
            ? double.NaN
            : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
}
