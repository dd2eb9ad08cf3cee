using Npgsql;

namespace Sluice.Testing.Postgres;

public sealed partial class PostgresServer
{
    // A server that pg_ctl reported started accepts connections at once; the bound is for a busy
    // machine and for $SLUICE_TEST_POSTGRES servers still coming up.
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan RetryInterval = TimeSpan.FromMilliseconds(100);

    private static async Task<PostgresServer> StartAsync(CancellationToken ct)
    {
        var configured = Environment.GetEnvironmentVariable(EnvironmentVariable);
        var fromEnvironment = !string.IsNullOrWhiteSpace(configured);
        if (fromEnvironment && !IsConnectionString(configured!))
        {
            throw new InvalidOperationException(
                $"${EnvironmentVariable} is not an Npgsql connection string: "
                    + "expected Host=…;Port=…;Username=…;Database=…"
            );
        }

        var connectionString = fromEnvironment ? configured! : await PrivateCluster.StartAsync(ct);
        var source = fromEnvironment
            ? $"${EnvironmentVariable} ({Describe(connectionString)}; is it running? scripts/postgres.sh status)"
            : $"the private test cluster ({Describe(connectionString)})";

        var server = new PostgresServer(connectionString);
        await server.WaitUntilReadyAsync(source, ct);
        return server;
    }

    /// <summary>Connects until the server answers; fails at once on errors a retry cannot fix.</summary>
    private async Task WaitUntilReadyAsync(string source, CancellationToken ct)
    {
        var started = TimeProvider.System.GetTimestamp();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var connection = new NpgsqlConnection(AdminConnectionString);
                await connection.OpenAsync(ct);
                await using var command = new NpgsqlCommand(
                    "SELECT rolsuper OR rolcreatedb FROM pg_roles WHERE rolname = current_user",
                    connection
                );
                if (await command.ExecuteScalarAsync(ct) is not true)
                {
                    throw new InvalidOperationException(
                        $"PostgreSQL at {source}: the user may not CREATE DATABASE, which the tests need."
                    );
                }

                return;
            }
            catch (NpgsqlException e)
                when (e.IsTransient && TimeProvider.System.GetElapsedTime(started) < ReadyTimeout)
            {
                await Task.Delay(RetryInterval, TimeProvider.System, ct);
            }
            catch (NpgsqlException e)
            {
                throw new InvalidOperationException(
                    $"PostgreSQL at {source} is not usable after {attempt} attempt(s) in "
                        + $"{TimeProvider.System.GetElapsedTime(started).TotalSeconds:0.#} s: {e.Message}",
                    e
                );
            }
        }
    }

    private static bool IsConnectionString(string text)
    {
        try
        {
            return !string.IsNullOrEmpty(new NpgsqlConnectionStringBuilder(text).Host);
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    // Host, port, user and database; never the password.
    private static string Describe(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        return $"{builder.Username}@{builder.Host}:{builder.Port}/{builder.Database}";
    }
}
