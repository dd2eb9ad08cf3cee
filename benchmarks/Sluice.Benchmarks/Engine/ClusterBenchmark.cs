using System.Diagnostics;
using Npgsql;
using Sluice.Domain.Items;
using Sluice.Store;
using Sluice.Store.Postgres;
using Sluice.Testing.Postgres;

namespace Sluice.Benchmarks.Engine;

/// <summary>
/// The engine on PostgreSQL with 1, 2 and 3 nodes next to the raw single-row write rate of
/// the same server, and the failover time: a real child process holding a step is SIGKILLed,
/// and the clock runs until another node has claimed the step.
/// </summary>
public static class ClusterBenchmark
{
    public static async Task<int> RunAsync(int items, int workersPerStage, TextWriter output)
    {
        var server = await PostgresServer.SharedAsync();
        var raw = await RawWriteRateAsync(server, Math.Max(2000, items));
        output.WriteLine(
            $"Cluster benchmark: PostgreSQL, {items:N0} items, {workersPerStage} workers per stage per node, {Environment.ProcessorCount} cores (nodes in one process, one connection pool each)"
        );
        output.WriteLine(
            $"  raw single-row write transactions   {raw, 10:N0} tx/s   (baseline, same server, same run)"
        );
        foreach (var nodes in new[] { 1, 2, 3 })
        {
            var database = await server.CreateDatabaseAsync("bench");
            try
            {
                var (rate, latencies) = await InstantPipeline.RunAsync(
                    () => new PostgresDialect(database),
                    nodes,
                    items,
                    workersPerStage
                );
                output.WriteLine(
                    $"  {nodes} node{(nodes == 1 ? " " : "s")}: {rate, 8:N1} items/s   {rate * InstantPipeline.TransactionsPerItem, 7:N0} tx/s   ratio items/s ÷ raw {rate / raw:N4}, engine tx ÷ raw {rate * InstantPipeline.TransactionsPerItem / raw:N2}   transition p50 {InstantPipeline.Percentile(latencies, 0.5):N2} ms p99 {InstantPipeline.Percentile(latencies, 0.99):N2} ms"
                );
            }
            finally
            {
                await server.DropDatabaseAsync(database);
            }
        }

        foreach (var lease in new[] { TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(10) })
        {
            var failover = await FailoverAsync(server, lease);
            output.WriteLine(
                $"  failover, lease {lease.TotalSeconds:0} s: SIGKILL to the step claimed by another node in {failover.TotalSeconds:0.00} s (ratio to lease {failover / lease:0.00})"
            );
        }

        return 0;
    }

    private static async Task<double> RawWriteRateAsync(PostgresServer server, int count)
    {
        var database = await server.CreateDatabaseAsync("raw");
        try
        {
            var dialect = new PostgresDialect(database);
            await using (var setup = await dialect.OpenAsync(CancellationToken.None))
            await using (
                var create = new NpgsqlCommand(
                    "CREATE TABLE bench(id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, payload text NOT NULL, at bigint NOT NULL)",
                    (NpgsqlConnection)setup
                )
            )
            {
                await create.ExecuteNonQueryAsync();
            }

            var clock = Stopwatch.StartNew();
            for (var i = 0; i < count; i++)
            {
                await using var connection = (NpgsqlConnection)
                    await dialect.OpenAsync(CancellationToken.None);
                await using var tx = await dialect.BeginWriteAsync(
                    connection,
                    CancellationToken.None
                );
                await using var insert = new NpgsqlCommand(
                    "INSERT INTO bench(payload, at) VALUES ('x', @at)",
                    connection,
                    (NpgsqlTransaction)tx
                );
                insert.Parameters.AddWithValue("at", (long)i);
                await insert.ExecuteNonQueryAsync();
                await tx.CommitAsync();
            }

            var rate = count / clock.Elapsed.TotalSeconds;
            await dialect.DisposeAsync();
            return rate;
        }
        finally
        {
            await server.DropDatabaseAsync(database);
        }
    }

    /// <summary>A child process claims a step and keeps its lease alive until it is SIGKILLed; this process rescues and claims it.</summary>
    private static async Task<TimeSpan> FailoverAsync(PostgresServer server, TimeSpan lease)
    {
        var database = await server.CreateDatabaseAsync("failover");
        var dialect = new PostgresDialect(database);
        try
        {
            var store = new EngineStore(dialect, EnginePolicy.Default(), TimeProvider.System);
            await store.MigrateAsync(CancellationToken.None);
            var item = await store.DiscoverAsync(
                new NewItem("a.mkv", "/a.mkv", 1, "sha256:failover"),
                CancellationToken.None
            );
            using var victim = Process.Start(
                new ProcessStartInfo(
                    "dotnet",
                    [
                        typeof(ClusterBenchmark).Assembly.Location,
                        "failover-victim",
                        database,
                        lease.TotalSeconds.ToString(
                            System.Globalization.CultureInfo.InvariantCulture
                        ),
                    ]
                )
                {
                    UseShellExecute = false,
                }
            )!;
            while (
                (await store.GetItemAsync(item.Id, CancellationToken.None))!.Job
                    is not { State: "running" }
            )
            {
                await Task.Delay(TimeSpan.FromMilliseconds(20), TimeProvider.System);
            }

            victim.Kill();
            var killed = Stopwatch.StartNew();
            await victim.WaitForExitAsync();
            while (true)
            {
                // What every node's maintenance loop does, at the default rescue cadence for this lease.
                await store.RescueExpiredAsync(CancellationToken.None);
                var claimed = await store.ClaimAsync(
                    new ClaimRequest("survivor", "sanitize", 1, lease),
                    CancellationToken.None
                );
                if (claimed.Count == 1)
                {
                    return killed.Elapsed;
                }

                await Task.Delay(lease / 8, TimeProvider.System);
            }
        }
        finally
        {
            await dialect.DisposeAsync();
            await server.DropDatabaseAsync(database);
        }
    }

    /// <summary>The child: claims the one sanitize job and renews its lease every quarter of it, forever.</summary>
    public static async Task<int> VictimAsync(string database, TimeSpan lease)
    {
        await using var dialect = new PostgresDialect(database);
        var store = new EngineStore(dialect, EnginePolicy.Default(), TimeProvider.System);
        var job = (
            await store.ClaimAsync(
                new ClaimRequest("victim", "sanitize", 1, lease),
                CancellationToken.None
            )
        ).Single();
        while (await store.HeartbeatAsync(job.Lease, lease, null, CancellationToken.None))
        {
            await Task.Delay(lease / 4, TimeProvider.System);
        }

        return 1;
    }
}
