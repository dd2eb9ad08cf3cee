using System.Diagnostics;
using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Sluice.Domain.Engine;
using Sluice.Domain.Items;
using Sluice.Node.Engine;
using Sluice.Store;
using Sluice.Store.Sqlite;

namespace Sluice.Benchmarks.Engine;

/// <summary>
/// Items per second through all six stages with instant stages, next to the raw rate of
/// single-row SQLite write transactions on the same kind of file measured in the same run,
/// and the latency of one transition (the fenced complete-and-enqueue transaction).
/// </summary>
public static class EngineBenchmark
{
    public static async Task<int> RunAsync(int items, int workersPerStage, TextWriter output)
    {
        var dir = Directory
            .CreateDirectory(Path.Combine(Path.GetTempPath(), $"sluice-bench-{Guid.NewGuid():N}"))
            .FullName;
        try
        {
            var raw = await RawWriteRateAsync(Path.Combine(dir, "raw.db"), Math.Max(2000, items));
            var engineDb = Path.Combine(dir, "engine.db");
            var (rate, latencies) = await InstantPipeline.RunAsync(
                () => new SqliteDialect(engineDb, TimeProvider.System),
                1,
                items,
                workersPerStage
            );
            const double transactions = InstantPipeline.TransactionsPerItem;
            var (claims, completes) = await SequentialAsync(
                Path.Combine(dir, "sequential.db"),
                Math.Min(items, 500)
            );
            output.WriteLine(
                $"Engine benchmark: SQLite (WAL, synchronous=NORMAL), {items:N0} items, {workersPerStage} workers per stage, {Environment.ProcessorCount} cores"
            );
            output.WriteLine(
                $"  raw single-row write transactions   {raw, 10:N0} tx/s   (baseline, same process)"
            );
            output.WriteLine($"  engine, all six stages               {rate, 10:N1} items/s");
            output.WriteLine($"  write transactions per item          {transactions, 10:N1}");
            output.WriteLine(
                $"  engine write transactions            {rate * transactions, 10:N0} tx/s"
            );
            output.WriteLine($"  ratio items/s ÷ raw tx/s             {rate / raw, 10:N4}");
            output.WriteLine(
                $"  ratio engine tx/s ÷ raw tx/s         {rate * transactions / raw, 10:N2}"
            );
            output.WriteLine(
                $"  one transition (complete + enqueue)  p50 {Percentile(latencies, 0.50):N2} ms   p99 {Percentile(latencies, 0.99):N2} ms   ({latencies.Count:N0} samples)"
            );
            output.WriteLine(
                $"  sequential, one worker: claim        p50 {Percentile(claims, 0.50):N2} ms   p99 {Percentile(claims, 0.99):N2} ms"
            );
            output.WriteLine(
                $"  sequential, one worker: complete     p50 {Percentile(completes, 0.50):N2} ms   p99 {Percentile(completes, 0.99):N2} ms"
            );
            return 0;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>BEGIN IMMEDIATE; one INSERT; COMMIT — through the same dialect (pooling, pragmas) the engine uses.</summary>
    private static async Task<double> RawWriteRateAsync(string path, int count)
    {
        var dialect = new SqliteDialect(path, TimeProvider.System);
        await using (var setup = await dialect.OpenAsync(CancellationToken.None))
        {
            await setup.ExecuteAsync(
                "CREATE TABLE bench(id INTEGER PRIMARY KEY, payload TEXT NOT NULL, at INTEGER NOT NULL)"
            );
        }

        var clock = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            using var writer = await dialect.EnterWriterAsync(CancellationToken.None);
            await using var connection = await dialect.OpenAsync(CancellationToken.None);
            await using var tx = await dialect.BeginWriteAsync(connection, CancellationToken.None);
            await connection.ExecuteAsync(
                "INSERT INTO bench(payload, at) VALUES (@p, @at)",
                new { p = "x", at = i },
                tx
            );
            await tx.CommitAsync();
        }

        return count / clock.Elapsed.TotalSeconds;
    }

    /// <summary>Claim and complete every step of every item one at a time: the engine's cost without contention.</summary>
    private static async Task<(List<double> Claims, List<double> Completes)> SequentialAsync(
        string path,
        int items
    )
    {
        var time = TimeProvider.System;
        var store = new EngineStore(new SqliteDialect(path, time), EnginePolicy.Default(), time);
        await store.MigrateAsync(CancellationToken.None);
        for (var i = 0; i < items; i++)
        {
            await store.DiscoverAsync(
                new NewItem($"seq-{i}.mkv", $"/seq/{i}.mkv", 1, $"sha256:seq-{i}"),
                CancellationToken.None
            );
        }

        var claims = new List<double>();
        var completes = new List<double>();
        var handlers = InstantStage.All();
        // Without replicas there is no distribute step.
        foreach (var step in Names.Steps.Where(s => s != Step.Distribute))
        {
            var queue = EnginePolicy.QueueOf(step);
            for (var i = 0; i < items; i++)
            {
                var started = Stopwatch.GetTimestamp();
                var job = (
                    await store.ClaimAsync(
                        new ClaimRequest("seq", queue, 1, TimeSpan.FromSeconds(30)),
                        CancellationToken.None
                    )
                ).Single();
                claims.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                var outcome = await handlers[job.Lease.Step]
                    .RunAsync(new StepContext(job, store), CancellationToken.None);
                started = Stopwatch.GetTimestamp();
                await store.CompleteAsync(job.Lease, outcome, CancellationToken.None);
                completes.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        }

        claims.Sort();
        completes.Sort();
        return (claims, completes);
    }

    private static double Percentile(List<double> sorted, double p) =>
        InstantPipeline.Percentile(sorted, p);
}
