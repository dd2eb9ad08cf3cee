using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Npgsql;

namespace Sluice.Testing.Postgres;

/// <summary>
/// A real PostgreSQL server for tests, one per test process. Tests never share tables: each takes
/// a fresh database (<see cref="CreateDatabaseAsync"/>) and drops it when done.
/// </summary>
public sealed partial class PostgresServer
{
    /// <summary>Connection string of a server to use instead of starting one (test.sh sets it).</summary>
    public const string EnvironmentVariable = "SLUICE_TEST_POSTGRES";

    // Started once and shared by every test in the process; a failed start fails every test alike.
    private static readonly Lazy<Task<PostgresServer>> Shared = new(() =>
        Task.Run(() => StartAsync(CancellationToken.None))
    );

    private readonly string _baseConnectionString;

    // Only databases made here may be dropped: $SLUICE_TEST_POSTGRES may point at a server with
    // databases of its own.
    private readonly ConcurrentDictionary<string, bool> _created = new(StringComparer.Ordinal);

    private PostgresServer(string connectionString)
    {
        _baseConnectionString = connectionString;
        AdminConnectionString = new NpgsqlConnectionStringBuilder(connectionString)
        {
            ApplicationName = "sluice-test-admin",
        }.ConnectionString;
    }

    /// <summary>A superuser (or CREATEDB) connection to the server's maintenance database.</summary>
    public string AdminConnectionString { get; }

    /// <summary>
    /// The process-wide server: <c>$SLUICE_TEST_POSTGRES</c> when set (a server where CREATE
    /// DATABASE is allowed), otherwise a private cluster started by <c>scripts/postgres.sh</c> and
    /// stopped when the process exits, so that <c>dotnet test</c> works without test.sh.
    /// </summary>
    public static Task<PostgresServer> SharedAsync(CancellationToken ct = default) =>
        Shared.Value.WaitAsync(ct);

    /// <summary>A fresh empty database named <paramref name="prefix"/>_&lt;guid&gt;; returns its connection string.</summary>
    /// <param name="prefix">Lower-case letters, digits and underscores, starting with a letter, at most 30.</param>
    public async Task<string> CreateDatabaseAsync(string prefix, CancellationToken ct = default)
    {
        if (!PrefixPattern().IsMatch(prefix))
        {
            throw new ArgumentException(
                $"'{prefix}' is not a database prefix: use [a-z][a-z0-9_]{{0,29}}.",
                nameof(prefix)
            );
        }

        var name = $"{prefix}_{Guid.NewGuid():N}";
        // template0: nothing a server's owner added to template1 leaks into the tests.
        await ExecuteAsync($"CREATE DATABASE {Quote(name)} TEMPLATE template0 ENCODING 'UTF8'", ct);
        _created[name] = true;
        return new NpgsqlConnectionStringBuilder(_baseConnectionString)
        {
            Database = name,
        }.ConnectionString;
    }

    /// <summary>Drops a database made by <see cref="CreateDatabaseAsync"/>, terminating its connections first.</summary>
    public async Task DropDatabaseAsync(string connectionString, CancellationToken ct = default)
    {
        var name = DatabaseOf(connectionString);
        if (!_created.ContainsKey(name))
        {
            throw new ArgumentException(
                $"Database '{name}' was not created by this PostgresServer: not dropping it.",
                nameof(connectionString)
            );
        }

        await using (var pooled = new NpgsqlConnection(connectionString))
        {
            NpgsqlConnection.ClearPool(pooled);
        }

        // No new connections (a reconnecting listener would make DROP fail), then FORCE ends the
        // open ones and drops.
        await ExecuteAsync($"ALTER DATABASE {Quote(name)} ALLOW_CONNECTIONS false", ct);
        await ExecuteAsync($"DROP DATABASE IF EXISTS {Quote(name)} WITH (FORCE)", ct);
        _created.TryRemove(name, out _);
    }

    /// <summary>
    /// Kills the client backends connected to the database of <paramref name="connectionString"/>
    /// (only those with this Application Name when given), for "the connection dropped" tests.
    /// Returns once they are gone, with how many there were: their clients fail on next use.
    /// </summary>
    public async Task<int> TerminateBackendsAsync(
        string connectionString,
        string? applicationName = null,
        CancellationToken ct = default
    )
    {
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync(ct);
        // pg_terminate_backend(pid, timeout) waits until the backend has exited.
        await using var command = new NpgsqlCommand(
            """
            SELECT count(*) FILTER (WHERE pg_terminate_backend(pid, 10000))::int
            FROM (
                SELECT pid FROM pg_stat_activity
                WHERE datname = @database
                  AND backend_type = 'client backend'
                  AND pid <> pg_backend_pid()
                  AND (@application_name::text IS NULL OR application_name = @application_name)
            ) AS backends
            """,
            connection
        );
        command.Parameters.AddWithValue("database", DatabaseOf(connectionString));
        command.Parameters.Add(
            new NpgsqlParameter<string?>("application_name", NpgsqlTypes.NpgsqlDbType.Text)
            {
                TypedValue = applicationName,
            }
        );
        return (int)(await command.ExecuteScalarAsync(ct))!;
    }

    private async Task ExecuteAsync(string sql, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(ct);
    }

    private static string DatabaseOf(string connectionString) =>
        new NpgsqlConnectionStringBuilder(connectionString).Database
        ?? throw new ArgumentException(
            "The connection string names no database.",
            nameof(connectionString)
        );

    private static string Quote(string identifier) =>
        $"\"{identifier.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";

    [GeneratedRegex("^[a-z][a-z0-9_]{0,29}$")]
    private static partial Regex PrefixPattern();
}
