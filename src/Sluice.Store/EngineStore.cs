using System.Data.Common;
using Dapper;

namespace Sluice.Store;

/// <summary>
/// The engine: items, their journals and their jobs, with leases and fencing tokens. One code
/// path for both dialects. Invariants it keeps in every transaction:
/// <list type="bullet">
/// <item>An event is appended and the snapshot compare-and-set in the same transaction, and a
/// non-terminal item leaves every transaction with exactly one active job (its next step).</item>
/// <item>Writes under a lease match job_id AND lease_token AND state='running'; zero rows means
/// the lease is gone and nothing else is written.</item>
/// <item>No transaction is held open while a tool runs: claim, run, then complete or fail.</item>
/// </list>
/// </summary>
public sealed partial class EngineStore(
    IStoreDialect dialect,
    EnginePolicy policy,
    TimeProvider time
)
{
    public IStoreDialect Dialect => dialect;

    public EnginePolicy Policy => policy;

    /// <summary>Applies missing migrations in order, each in its own transaction. Safe to run on every start.</summary>
    public async Task MigrateAsync(CancellationToken ct)
    {
        await using var connection = await dialect.OpenAsync(ct);
        // Nodes starting together must not migrate together: every step below runs under the
        // dialect's migration lock (SQLite's write lock; a PostgreSQL advisory lock).
        await using (var setup = await dialect.BeginWriteAsync(connection, ct))
        {
            await connection.ExecuteAsync(
                new CommandDefinition(
                    dialect.MigrationLockSql,
                    transaction: setup,
                    cancellationToken: ct
                )
            );
            await connection.ExecuteAsync(
                new CommandDefinition(
                    dialect.CreateVersionTableSql,
                    transaction: setup,
                    cancellationToken: ct
                )
            );
            await setup.CommitAsync(ct);
        }

        foreach (var migration in dialect.Migrations.OrderBy(m => m.Version))
        {
            await using var tx = await dialect.BeginWriteAsync(connection, ct);
            await connection.ExecuteAsync(
                new CommandDefinition(
                    dialect.MigrationLockSql,
                    transaction: tx,
                    cancellationToken: ct
                )
            );
            // Re-read under the write lock: another process may have migrated meanwhile.
            var applied = await connection.ExecuteScalarAsync<long>(
                new CommandDefinition(
                    "SELECT COUNT(*) FROM schema_version WHERE version = @version",
                    new { version = migration.Version },
                    tx,
                    cancellationToken: ct
                )
            );
            if (applied == 0)
            {
                await connection.ExecuteAsync(
                    new CommandDefinition(migration.Sql, transaction: tx, cancellationToken: ct)
                );
                await connection.ExecuteAsync(
                    new CommandDefinition(
                        "INSERT INTO schema_version(version, name, applied_at) VALUES (@version, @name, @at)",
                        new
                        {
                            version = migration.Version,
                            name = migration.Name,
                            at = time.GetUtcNow().ToUnixTimeMilliseconds(),
                        },
                        tx,
                        cancellationToken: ct
                    )
                );
            }

            await tx.CommitAsync(ct);
        }
    }

    public async Task<int> SchemaVersionAsync(CancellationToken ct)
    {
        await using var connection = await dialect.OpenAsync(ct);
        return await connection.ExecuteScalarAsync<int>(
            new CommandDefinition(
                "SELECT COALESCE(MAX(version), 0) FROM schema_version",
                cancellationToken: ct
            )
        );
    }

    /// <summary>Runs <paramref name="work"/> in one write transaction with the database's now.</summary>
    private async Task<T> WriteAsync<T>(Func<Tx, Task<T>> work, CancellationToken ct)
    {
        // Deadlocks and serialization failures abort a whole transaction; it is safe to run the
        // unit of work again because it decides everything from what it reads.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await WriteOnceAsync(work, ct);
            }
            catch (Exception ex) when (attempt < 8 && dialect.IsTransient(ex))
            {
                await Task.Delay(
                    TimeSpan.FromMilliseconds(Random.Shared.Next(5, 20 * attempt)),
                    time,
                    ct
                );
            }
        }
    }

    private async Task<T> WriteOnceAsync<T>(Func<Tx, Task<T>> work, CancellationToken ct)
    {
        using var writer = await dialect.EnterWriterAsync(ct);
        await using var connection = await dialect.OpenAsync(ct);
        await using var transaction = await dialect.BeginWriteAsync(connection, ct);
        var now = await dialect.NowAsync(connection, transaction, ct);
        var result = await work(new Tx(connection, transaction, now, ct));
        await transaction.CommitAsync(ct);
        return result;
    }

    /// <summary>An open write transaction and its clock reading, passed through one unit of work.</summary>
    private sealed record Tx(
        DbConnection Connection,
        DbTransaction Transaction,
        long Now,
        CancellationToken Ct
    )
    {
        public Task<int> ExecuteAsync(string sql, object? args = null) =>
            Connection.ExecuteAsync(
                new CommandDefinition(sql, args, Transaction, cancellationToken: Ct)
            );

        public Task<T?> SingleOrDefaultAsync<T>(string sql, object? args = null) =>
            Connection.QuerySingleOrDefaultAsync<T>(
                new CommandDefinition(sql, args, Transaction, cancellationToken: Ct)
            );

        public async Task<List<T>> QueryAsync<T>(string sql, object? args = null) =>
            [
                .. await Connection.QueryAsync<T>(
                    new CommandDefinition(sql, args, Transaction, cancellationToken: Ct)
                ),
            ];

        public Task<T?> ScalarAsync<T>(string sql, object? args = null) =>
            Connection.ExecuteScalarAsync<T>(
                new CommandDefinition(sql, args, Transaction, cancellationToken: Ct)
            );
    }

    private static DateTimeOffset Time(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);
}
