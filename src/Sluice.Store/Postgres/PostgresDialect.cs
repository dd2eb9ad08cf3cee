using System.Data.Common;
using Npgsql;
using Sluice.Store.Schema;

namespace Sluice.Store.Postgres;

/// <summary>
/// The cluster engine: one PostgreSQL database shared by every node. Claims skip rows other
/// nodes hold (FOR UPDATE SKIP LOCKED), an item's writers queue on its row lock, time is the
/// server's (node clocks drift), and a queued job wakes listening nodes with pg_notify.
/// </summary>
public sealed partial class PostgresDialect : IStoreDialect, IAsyncDisposable
{
    /// <summary>The LISTEN/NOTIFY channel for job wake-ups; the payload is the queue name.</summary>
    public const string JobChannel = "sluice_jobs";

    private readonly NpgsqlDataSource _source;

    public PostgresDialect(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (string.IsNullOrEmpty(builder.ApplicationName))
        {
            builder.ApplicationName = "sluice";
        }

        ConnectionString = builder.ConnectionString;
        _source = NpgsqlDataSource.Create(builder);
    }

    public string Name => "postgres";

    public string ConnectionString { get; }

    public async Task<DbConnection> OpenAsync(CancellationToken ct) =>
        await _source.OpenConnectionAsync(ct);

    // Rows are locked where they are written; the server queues writers to one item.
    public Task<IDisposable> EnterWriterAsync(CancellationToken ct) =>
        Task.FromResult<IDisposable>(NoGate.Instance);

    public async Task<DbTransaction> BeginWriteAsync(
        DbConnection connection,
        CancellationToken ct
    ) => await connection.BeginTransactionAsync(System.Data.IsolationLevel.ReadCommitted, ct);

    public async Task<long> NowAsync(
        DbConnection connection,
        DbTransaction? transaction,
        CancellationToken ct
    )
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT (extract(epoch from clock_timestamp()) * 1000)::bigint";
        return (long)(await command.ExecuteScalarAsync(ct))!;
    }

    public IReadOnlyList<Migration> Migrations => PostgresMigrations.All;

    // Released at commit; concurrent CREATE TABLE IF NOT EXISTS is not safe on its own.
    // The key is 0x536C756963650002 ("Sluice" and 2) in decimal: PostgreSQL 15 reads no hex literals.
    public string MigrationLockSql => "SELECT pg_advisory_xact_lock(6011308698132348930)";

    public string CreateVersionTableSql =>
        """
            CREATE TABLE IF NOT EXISTS schema_version (
                version    integer PRIMARY KEY,
                name       text NOT NULL,
                applied_at bigint NOT NULL
            );
            """;

    public string ClaimCandidatesSql =>
        """
            SELECT job_id AS JobId, item_id AS ItemId, step AS Step, attempt AS Attempt, max_attempts AS MaxAttempts
            FROM job
            WHERE queue = @queue
              AND state IN ('available', 'retryable')
              AND run_at <= @now
              AND (required_node IS NULL OR required_node = @node)
              AND required_role = ANY(@roles)
            ORDER BY priority DESC, run_at, job_id
            LIMIT @limit
            FOR UPDATE SKIP LOCKED
            """;

    public string AnyDueSql =>
        """
            SELECT COUNT(*) FROM (
                SELECT 1 FROM job
                WHERE queue = @queue AND state IN ('available', 'retryable') AND run_at <= @now
                  AND (required_node IS NULL OR required_node = @node)
                  AND required_role = ANY(@roles)
                LIMIT 1) due
            """;

    public string LockItemSql =>
        "SELECT data AS Data, version AS Version FROM item WHERE item_id = @id FOR UPDATE";

    // Locking the limit row first makes the running count read after it exact: claimers of a
    // capped queue take turns; uncapped queues have no row and do not wait.
    public string LockQueueLimitSql =>
        "SELECT paused AS Paused, max_running AS MaxRunning FROM queue_limit WHERE queue = @queue FOR UPDATE";

    public string NextLeaseTokenSql => "SELECT nextval('lease_token_seq')";

    public string? NotifyJobSql => $"SELECT pg_notify('{JobChannel}', @queue)";

    /// <summary>Deadlocks and serialization failures: PostgreSQL rolled the transaction back; running it again is safe.</summary>
    public bool IsTransient(Exception exception) =>
        exception
            is PostgresException
            {
                SqlState: PostgresErrorCodes.DeadlockDetected
                    or PostgresErrorCodes.SerializationFailure
            };

    // Any fixed 64-bit key: the one advisory lock Sluice takes.
    private const long LeaderKey = 0x536C_7569_6365_0001;

    private readonly SemaphoreSlim _leaderGate = new(1, 1);
    private NpgsqlConnection? _leaderConnection;
    private bool _leading;

    public async Task<bool> TryLeadAsync(TimeSpan idleTimeout, CancellationToken ct)
    {
        await _leaderGate.WaitAsync(ct);
        try
        {
            if (_leaderConnection is { } held && _leading)
            {
                try
                {
                    await using var ping = new NpgsqlCommand("SELECT 1", held);
                    await ping.ExecuteScalarAsync(ct);
                    return true;
                }
                catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException)
                {
                    // The session died and took the lock with it: another node may lead now.
                    await held.DisposeAsync();
                    _leaderConnection = null;
                    _leading = false;
                }
            }

            if (_leaderConnection is null)
            {
                _leaderConnection = await _source.OpenConnectionAsync(ct);
                await using var timeout = new NpgsqlCommand(
                    $"SET idle_session_timeout = {(long)idleTimeout.TotalMilliseconds}",
                    _leaderConnection
                );
                await timeout.ExecuteNonQueryAsync(ct);
            }

            await using var command = new NpgsqlCommand(
                "SELECT pg_try_advisory_lock(@key)",
                _leaderConnection
            );
            command.Parameters.AddWithValue("key", LeaderKey);
            _leading = (bool)(await command.ExecuteScalarAsync(ct))!;
            return _leading;
        }
        catch (NpgsqlException)
        {
            if (_leaderConnection is { } broken)
            {
                await broken.DisposeAsync();
            }

            _leaderConnection = null;
            _leading = false;
            return false;
        }
        finally
        {
            _leaderGate.Release();
        }
    }

    public bool CanListen => true;

    public async Task ListenAsync(Action<string> onJobQueued, CancellationToken ct)
    {
        var builder = new NpgsqlConnectionStringBuilder(ConnectionString)
        {
            ApplicationName = "sluice-listener",
            KeepAlive = 15,
            Pooling = false,
        };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync(ct);
        connection.Notification += (_, e) => onJobQueued(e.Payload);
        await using (var listen = new NpgsqlCommand($"LISTEN {JobChannel}", connection))
        {
            await listen.ExecuteNonQueryAsync(ct);
        }

        while (true)
        {
            await connection.WaitAsync(ct);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_leaderConnection is { } held)
        {
            await held.DisposeAsync();
        }

        _leaderGate.Dispose();
        await _source.DisposeAsync();
    }

    private sealed class NoGate : IDisposable
    {
        public static readonly NoGate Instance = new();

        public void Dispose() { }
    }
}
