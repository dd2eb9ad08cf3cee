using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.Data.Sqlite;
using Sluice.Store.Schema;

namespace Sluice.Store.Sqlite;

/// <summary>
/// The embedded engine: one SQLite file in WAL mode, shared safely by several processes on
/// one machine. Every write transaction is BEGIN IMMEDIATE (Microsoft.Data.Sqlite's default),
/// so two writers queue on the busy timeout instead of failing half-way with SQLITE_BUSY.
/// Never put the file on a FUSE, network or union mount: their locking is not SQLite's.
/// </summary>
public sealed partial class SqliteDialect(string databasePath, TimeProvider time) : IStoreDialect
{
    private readonly string _connectionString = new SqliteConnectionStringBuilder
    {
        DataSource = databasePath,
        Mode = SqliteOpenMode.ReadWriteCreate,
        Pooling = true,
        DefaultTimeout = 60,
    }.ToString();

    // One gate per database file, shared by every store in the process that opens it.
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> Writers = new(
        StringComparer.Ordinal
    );

    private readonly SemaphoreSlim _writer = Writers.GetOrAdd(
        Path.GetFullPath(databasePath),
        _ => new SemaphoreSlim(1, 1)
    );

    public string Name => "sqlite";

    public async Task<IDisposable> EnterWriterAsync(CancellationToken ct)
    {
        await _writer.WaitAsync(ct);
        return new Release(_writer);
    }

    private sealed class Release(SemaphoreSlim gate) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                gate.Release();
            }
        }
    }

    public string DatabasePath => databasePath;

    public async Task<DbConnection> OpenAsync(CancellationToken ct)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(ct);
        await using var pragma = connection.CreateCommand();
        // WAL survives in the file; the rest is per connection. synchronous=NORMAL in WAL is
        // safe against process crashes (kill -9); a power cut may lose the last commits but
        // never corrupts, and every step is idempotent on retry.
        pragma.CommandText =
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=30000; PRAGMA foreign_keys=ON;";
        await pragma.ExecuteNonQueryAsync(ct);
        return connection;
    }

    public async Task<DbTransaction> BeginWriteAsync(
        DbConnection connection,
        CancellationToken ct
    ) => await connection.BeginTransactionAsync(ct);

    public Task<long> NowAsync(
        DbConnection connection,
        DbTransaction? transaction,
        CancellationToken ct
    ) => Task.FromResult(time.GetUtcNow().ToUnixTimeMilliseconds());

    public IReadOnlyList<Migration> Migrations => SqliteMigrations.All;

    // BEGIN IMMEDIATE already holds the database's write lock; a statement is still needed.
    public string MigrationLockSql => "SELECT 1";

    public string CreateVersionTableSql =>
        """
            CREATE TABLE IF NOT EXISTS schema_version (
                version    INTEGER PRIMARY KEY,
                name       TEXT NOT NULL,
                applied_at INTEGER NOT NULL
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
              AND required_role IN @roles
            ORDER BY priority DESC, run_at, job_id
            LIMIT @limit
            """;

    // Every write transaction holds the database's only write lock: reading is locking.
    public string AnyDueSql =>
        """
            SELECT COUNT(*) FROM (
                SELECT 1 FROM job
                WHERE queue = @queue AND state IN ('available', 'retryable') AND run_at <= @now
                  AND (required_node IS NULL OR required_node = @node)
                  AND required_role IN @roles
                LIMIT 1) due
            """;

    public string LockItemSql =>
        "SELECT data AS Data, version AS Version FROM item WHERE item_id = @id";

    // Nodes on one SQLite file share a machine; polling and in-process wake-ups are enough.
    public string? NotifyJobSql => null;

    public Task<bool> TryLeadAsync(TimeSpan idleTimeout, CancellationToken ct) =>
        Task.FromResult(true);

    public bool CanListen => false;

    public Task ListenAsync(Action<string> onJobQueued, CancellationToken ct) => Task.CompletedTask;

    // SQLITE_BUSY survives only when another process held the lock past the busy timeout.
    public bool IsTransient(Exception exception) =>
        exception is SqliteException { SqliteErrorCode: 5 or 6 };

    // The write lock of BEGIN IMMEDIATE already serialises every claim, so a plain read is a lock.
    public string LockQueueLimitSql =>
        "SELECT paused AS Paused, max_running AS MaxRunning FROM queue_limit WHERE queue = @queue";

    public string NextLeaseTokenSql =>
        "UPDATE counter SET value = value + 1 WHERE name = 'lease_token' RETURNING value";
}
