using Sluice.Testing;

namespace Sluice.Store.Tests;

public sealed class MigrationSpecs
{
    [Theory]
    [MemberData(nameof(TestStore.Dialects), MemberType = typeof(TestStore))]
    public async Task Migrating_twice_changes_nothing_the_second_time(DialectKind kind)
    {
        await using var test = await TestStore.CreateAsync(kind);

        await test.Store.MigrateAsync(CancellationToken.None);

        (await test.Store.SchemaVersionAsync(CancellationToken.None)).ShouldBe(1);
    }
}
