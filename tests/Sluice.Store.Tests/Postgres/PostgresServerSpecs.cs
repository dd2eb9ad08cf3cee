using Npgsql;
using Sluice.Testing.Postgres;

namespace Sluice.Store.Tests.Postgres;

/// <summary>The test fixture itself: what the engine's PostgreSQL tests rely on.</summary>
public sealed class PostgresServerSpecs
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_created_database_starts_empty_and_takes_tables_and_rows()
    {
        var server = await PostgresServer.SharedAsync(Ct);
        var database = await server.CreateDatabaseAsync("spec", Ct);
        try
        {
            await using var connection = await OpenAsync(database);

            (
                await ScalarAsync<long>(
                    connection,
                    "SELECT count(*) FROM information_schema.tables WHERE table_schema NOT IN ('pg_catalog', 'information_schema')"
                )
            ).ShouldBe(0);
            await ExecuteAsync(
                connection,
                "CREATE TABLE items (id int PRIMARY KEY, name text NOT NULL)"
            );
            await ExecuteAsync(connection, "INSERT INTO items VALUES (1, 'a.mkv'), (2, 'b.mkv')");
            (await ScalarAsync<string>(connection, "SELECT name FROM items WHERE id = 2")).ShouldBe(
                "b.mkv"
            );
        }
        finally
        {
            await server.DropDatabaseAsync(database, Ct);
        }
    }

    [Fact]
    public async Task Two_created_databases_are_distinct()
    {
        var server = await PostgresServer.SharedAsync(Ct);
        var first = await server.CreateDatabaseAsync("spec", Ct);
        var second = await server.CreateDatabaseAsync("spec", Ct);
        try
        {
            await using var one = await OpenAsync(first);
            await using var other = await OpenAsync(second);

            await ExecuteAsync(one, "CREATE TABLE only_here (id int)");

            (await ScalarAsync<string>(one, "SELECT current_database()")).ShouldNotBe(
                await ScalarAsync<string>(other, "SELECT current_database()")
            );
            (
                await ScalarAsync<string?>(other, "SELECT to_regclass('only_here')::text")
            ).ShouldBeNull();
        }
        finally
        {
            await server.DropDatabaseAsync(first, Ct);
            await server.DropDatabaseAsync(second, Ct);
        }
    }

    [Fact]
    public async Task Dropping_a_database_removes_it_even_while_it_is_in_use()
    {
        var server = await PostgresServer.SharedAsync(Ct);
        var database = await server.CreateDatabaseAsync("spec", Ct);
        var name = new NpgsqlConnectionStringBuilder(database).Database;
        await using var connection = await OpenAsync(database);

        await server.DropDatabaseAsync(database, Ct);

        await using var admin = await OpenAsync(server.AdminConnectionString);
        (
            await ScalarAsync<long>(
                admin,
                $"SELECT count(*) FROM pg_database WHERE datname = '{name}'"
            )
        ).ShouldBe(0);
        await Should.ThrowAsync<NpgsqlException>(() => ScalarAsync<int>(connection, "SELECT 1"));
    }

    [Fact]
    public async Task Terminating_backends_by_application_name_kills_those_and_spares_the_others()
    {
        var server = await PostgresServer.SharedAsync(Ct);
        var database = await server.CreateDatabaseAsync("spec", Ct);
        var elsewhere = await server.CreateDatabaseAsync("spec", Ct);
        try
        {
            await using var listener = await OpenAsync(database, "sluice-listener");
            await using var worker = await OpenAsync(database, "sluice-worker");
            await using var sameNameElsewhere = await OpenAsync(elsewhere, "sluice-listener");

            var killed = await server.TerminateBackendsAsync(database, "sluice-listener", Ct);

            killed.ShouldBe(1);
            await Should.ThrowAsync<NpgsqlException>(() => ScalarAsync<int>(listener, "SELECT 1"));
            (await ScalarAsync<int>(worker, "SELECT 1")).ShouldBe(1);
            (await ScalarAsync<int>(sameNameElsewhere, "SELECT 1")).ShouldBe(1);
        }
        finally
        {
            await server.DropDatabaseAsync(database, Ct);
            await server.DropDatabaseAsync(elsewhere, Ct);
        }
    }

    [Fact]
    public async Task Terminating_without_an_application_name_kills_every_backend_of_the_database()
    {
        var server = await PostgresServer.SharedAsync(Ct);
        var database = await server.CreateDatabaseAsync("spec", Ct);
        try
        {
            await using var first = await OpenAsync(database, "a");
            await using var second = await OpenAsync(database, "b");

            (await server.TerminateBackendsAsync(database, ct: Ct)).ShouldBe(2);

            await Should.ThrowAsync<NpgsqlException>(() => ScalarAsync<int>(first, "SELECT 1"));
            await Should.ThrowAsync<NpgsqlException>(() => ScalarAsync<int>(second, "SELECT 1"));
        }
        finally
        {
            await server.DropDatabaseAsync(database, Ct);
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("Spec")]
    [InlineData("9spec")]
    [InlineData("spec\"; DROP DATABASE postgres; --")]
    [InlineData("a_prefix_longer_than_thirty_chars")]
    public async Task A_prefix_that_is_not_a_plain_identifier_is_refused(string prefix)
    {
        var server = await PostgresServer.SharedAsync(Ct);

        await Should.ThrowAsync<ArgumentException>(() => server.CreateDatabaseAsync(prefix, Ct));
    }

    [Fact]
    public async Task Only_databases_it_created_are_dropped()
    {
        var server = await PostgresServer.SharedAsync(Ct);

        await Should.ThrowAsync<ArgumentException>(() =>
            server.DropDatabaseAsync(server.AdminConnectionString, Ct)
        );
        await using var admin = await OpenAsync(server.AdminConnectionString);
        (await ScalarAsync<int>(admin, "SELECT 1")).ShouldBe(1);
    }

    // Pooling off: each spec's connections are its own backends, not reused ones.
    private static async Task<NpgsqlConnection> OpenAsync(
        string connectionString,
        string? applicationName = null
    )
    {
        var connection = new NpgsqlConnection(
            new NpgsqlConnectionStringBuilder(connectionString)
            {
                ApplicationName = applicationName,
                Pooling = false,
            }.ConnectionString
        );
        await connection.OpenAsync(Ct);
        return connection;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(Ct);
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        var value = await command.ExecuteScalarAsync(Ct);
        return value is DBNull ? default! : (T)value!;
    }
}
