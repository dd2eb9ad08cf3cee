using Sluice.Domain.Engine;
using Sluice.Domain.Items;
using Sluice.Store.Sqlite;
using Sluice.Testing;

namespace Sluice.Store.Tests;

/// <summary>A migrated store on a fresh SQLite file with a manual clock.</summary>
public sealed class TestStore : IAsyncDisposable
{
    public static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);

    private readonly TempDirectory _dir = new("sluice-store");

    private TestStore(EnginePolicy policy)
    {
        DatabasePath = _dir.Combine("sluice.db");
        Store = new EngineStore(new SqliteDialect(DatabasePath, Clock), policy, Clock);
    }

    public ManualTimeProvider Clock { get; } = new();

    public string DatabasePath { get; }

    public EngineStore Store { get; }

    public static async Task<TestStore> CreateAsync(
        int maxAttempts = 3,
        IReadOnlyList<string>? channels = null
    )
    {
        var policy = EnginePolicy.Default(maxAttempts) with
        {
            Backoff = new Backoff(TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(5)),
            NotifyChannels = channels ?? [],
            Jitter = () => 0.5,
        };
        var store = new TestStore(policy);
        await store.Store.MigrateAsync(CancellationToken.None);
        return store;
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
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        await Task.CompletedTask;
        _dir.Dispose();
    }
}
