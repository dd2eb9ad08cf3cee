using Sluice.Domain.Engine;
using Sluice.Domain.Items;
using Sluice.Store.Postgres;
using Sluice.Store.Sqlite;
using Sluice.Testing;
using Sluice.Testing.Postgres;

namespace Sluice.Store.Tests;

/// <summary>
/// A migrated store on a fresh database of either dialect. SQLite takes its clock from a manual
/// TimeProvider the test advances; PostgreSQL takes the server's clock, so there time really
/// passes and the spans (lease, backoff) are short.
/// </summary>
public sealed class TestStore : IAsyncDisposable
{
    private readonly TempDirectory _dir = new("sluice-store");
    private readonly string? _postgres;

    private TestStore(DialectKind kind, EnginePolicy policy, string? postgres)
    {
        Kind = kind;
        _postgres = postgres;
        DatabasePath = _dir.Combine("sluice.db");
        Dialect =
            kind == DialectKind.Sqlite
                ? new SqliteDialect(DatabasePath, Clock)
                : new PostgresDialect(postgres!);
        Store = new EngineStore(Dialect, policy, Clock);
    }

    public static TheoryData<DialectKind> Dialects => [DialectKind.Sqlite, DialectKind.Postgres];

    public DialectKind Kind { get; }

    public ManualTimeProvider Clock { get; } = new();

    public string DatabasePath { get; }

    public IStoreDialect Dialect { get; }

    public EngineStore Store { get; }

    public TimeSpan Lease =>
        Kind == DialectKind.Sqlite ? TimeSpan.FromSeconds(30) : TimeSpan.FromSeconds(1.5);

    public TimeSpan BackoffBase =>
        Kind == DialectKind.Sqlite ? TimeSpan.FromSeconds(10) : TimeSpan.FromSeconds(0.4);

    public TimeSpan BackoffMax =>
        Kind == DialectKind.Sqlite ? TimeSpan.FromMinutes(5) : TimeSpan.FromSeconds(0.8);

    /// <summary>A little past a span, to be safely beyond it on either clock.</summary>
    public TimeSpan Margin =>
        Kind == DialectKind.Sqlite ? TimeSpan.FromSeconds(1) : TimeSpan.FromSeconds(0.3);

    public static async Task<TestStore> CreateAsync(
        DialectKind kind,
        int maxAttempts = 3,
        IReadOnlyList<string>? channels = null,
        IReadOnlyList<string>? refreshChannels = null
    )
    {
        var postgres =
            kind == DialectKind.Postgres
                ? await (await PostgresServer.SharedAsync()).CreateDatabaseAsync("store")
                : null;
        var sqlite = kind == DialectKind.Sqlite;
        var policy = EnginePolicy.Default(maxAttempts) with
        {
            Backoff = sqlite
                ? new Backoff(TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(5))
                : new Backoff(TimeSpan.FromSeconds(0.4), TimeSpan.FromSeconds(0.8)),
            NotifyChannels = [.. refreshChannels ?? [], .. channels ?? []],
            RefreshChannels = refreshChannels ?? [],
            Jitter = () => 0.5,
        };
        var store = new TestStore(kind, policy, postgres);
        await store.Store.MigrateAsync(CancellationToken.None);
        return store;
    }

    /// <summary>Lets time pass: the manual clock for SQLite, the real one for PostgreSQL.</summary>
    public async Task AdvanceAsync(TimeSpan by)
    {
        if (Kind == DialectKind.Sqlite)
        {
            Clock.Advance(by);
        }
        else
        {
            await Task.Delay(by, TimeProvider.System);
        }
    }

    /// <summary>The database's now.</summary>
    public async Task<DateTimeOffset> NowAsync()
    {
        await using var connection = await Dialect.OpenAsync(CancellationToken.None);
        return DateTimeOffset.FromUnixTimeMilliseconds(
            await Dialect.NowAsync(connection, null, CancellationToken.None)
        );
    }

    public async Task<ItemId> DiscoverAsync(string name = "a.mkv", string? key = null)
    {
        var result = await Store.DiscoverAsync(
            new NewItem(name, $"/in/{name}", 10, key ?? $"sha256:{name}"),
            CancellationToken.None
        );
        return result.ShouldBeOfType<DiscoverResult.Created>().Id;
    }

    public async Task<ClaimedJob> ClaimOneAsync(string queue, string node = "home")
    {
        var jobs = await Store.ClaimAsync(
            new ClaimRequest(node, queue, 1, Lease),
            CancellationToken.None
        );
        return jobs.ShouldHaveSingleItem();
    }

    public Task<IReadOnlyList<ClaimedJob>> ClaimAsync(
        string queue,
        int max = 10,
        string node = "home"
    ) => Store.ClaimAsync(new ClaimRequest(node, queue, max, Lease), CancellationToken.None);

    /// <summary>Claims the item's next step and completes it with <paramref name="outcome"/>.</summary>
    public async Task<Item> RunAsync(ItemId id, ItemCommand outcome)
    {
        var item = (await Store.GetItemAsync(id, CancellationToken.None))!.Item;
        var step = Pipeline.NextStep(item)!.Value;
        var job = await ClaimOneAsync(EnginePolicy.QueueOf(step));
        job.Lease.ItemId.ShouldBe(id);
        var (result, _) = await Store.CompleteAsync(job.Lease, outcome, CancellationToken.None);
        result.ShouldBe(LeaseWrite.Applied);
        return (await Store.GetItemAsync(id, CancellationToken.None))!.Item;
    }

    public async Task<ItemView> ViewAsync(ItemId id) =>
        (await Store.GetItemAsync(id, CancellationToken.None)).ShouldNotBeNull();

    public static readonly MediaSummary Media = new("episode", "Show", 1, [1], null);

    public static VaultCopy Copy(Artifact artifact) =>
        new(artifact, "vault", "vault:x", 10, "md5:0");

    /// <summary>Walks an item through every step to notified.</summary>
    public async Task<ItemId> NotifiedItemAsync(string name = "a.mkv")
    {
        var id = await DiscoverAsync(name);
        await RunAsync(id, new CompleteSanitize($"Shows/{name}", Media));
        await RunAsync(id, new CompleteVault(Artifact.Source, [Copy(Artifact.Source)]));
        await RunAsync(id, new CompleteTier(1, 0, 0));
        await RunAsync(id, new SkipEncode("nothing to do"));
        await RunAsync(id, new CompleteNotify([]));
        return id;
    }

    public async ValueTask DisposeAsync()
    {
        if (Dialect is PostgresDialect postgres)
        {
            await postgres.DisposeAsync();
            await (await PostgresServer.SharedAsync()).DropDatabaseAsync(_postgres!);
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _dir.Dispose();
    }
}
