namespace Sluice.Store.Tests;

public sealed class MigrationSpecs
{
    [Fact]
    public async Task Migrating_twice_changes_nothing_the_second_time()
    {
        await using var test = await TestStore.CreateAsync();

        await test.Store.MigrateAsync(CancellationToken.None);

        (await test.Store.SchemaVersionAsync(CancellationToken.None)).ShouldBe(1);
    }
}
