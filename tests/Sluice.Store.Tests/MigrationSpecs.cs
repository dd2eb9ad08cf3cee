using Sluice.Domain.Engine;
using Sluice.Store.Postgres;
using Sluice.Store.Sqlite;
using Sluice.Testing;
using Sluice.Testing.Postgres;

namespace Sluice.Store.Tests;

public sealed class MigrationSpecs
{
    [Theory]
    [MemberData(nameof(TestStore.Dialects), MemberType = typeof(TestStore))]
    public async Task Migrating_twice_changes_nothing_the_second_time(DialectKind kind)
    {
        await using var test = await TestStore.CreateAsync(kind);

        await test.Store.MigrateAsync(CancellationToken.None);

        (await test.Store.SchemaVersionAsync(CancellationToken.None)).ShouldBe(
            test.Dialect.Migrations.Max(m => m.Version)
        );
    }

    [Theory]
    [MemberData(nameof(TestStore.Dialects), MemberType = typeof(TestStore))]
    public async Task Nodes_starting_together_on_an_empty_database_migrate_it_once(DialectKind kind)
    {
        using var dir = new TempDirectory("sluice-migrate");
        var ct = TestContext.Current.CancellationToken;
        var server = kind == DialectKind.Postgres ? await PostgresServer.SharedAsync(ct) : null;
        var postgres = server is null ? null : await server.CreateDatabaseAsync("migrate", ct);
        var dialects = Enumerable
            .Range(0, 6)
            .Select(_ =>
                postgres is null
                    ? (IStoreDialect)
                        new SqliteDialect(dir.Combine("sluice.db"), TimeProvider.System)
                    : new PostgresDialect(postgres)
            )
            .ToList();
        try
        {
            await Task.WhenAll(
                dialects.Select(d =>
                    Task.Run(() =>
                        new EngineStore(
                            d,
                            EnginePolicy.Default(),
                            TimeProvider.System
                        ).MigrateAsync(CancellationToken.None)
                    )
                )
            );

            (
                await new EngineStore(
                    dialects[0],
                    EnginePolicy.Default(),
                    TimeProvider.System
                ).SchemaVersionAsync(CancellationToken.None)
            ).ShouldBe(dialects[0].Migrations.Max(m => m.Version));
        }
        finally
        {
            foreach (var dialect in dialects.OfType<PostgresDialect>())
            {
                await dialect.DisposeAsync();
            }

            if (postgres is not null)
            {
                await server!.DropDatabaseAsync(postgres, ct);
            }

            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        }
    }
}
