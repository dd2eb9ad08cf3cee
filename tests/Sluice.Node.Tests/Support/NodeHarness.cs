using Microsoft.Extensions.Logging.Abstractions;
using Sluice.Domain.Engine;
using Sluice.Domain.Items;
using Sluice.Node.Configuration;
using Sluice.Node.Engine;
using Sluice.Store;
using Sluice.Store.Postgres;
using Sluice.Store.Sqlite;
using Sluice.Testing;
using Sluice.Testing.Postgres;

namespace Sluice.Node.Tests.Support;

/// <summary>A node's folders and a migrated store on a temp SQLite file, for testing one feature for real.</summary>
public sealed class NodeHarness : IAsyncDisposable
{
    private readonly TempDirectory _dir = new("sluice-node");
    private readonly string? _postgres;

    private NodeHarness(TimeProvider time, string? postgres)
    {
        Time = time;
        _postgres = postgres;
        Paths = NodePaths.From(new PathsOptions { Data = _dir.Combine("data") });
        Paths.CreateFolders();
        IStoreDialect dialect = postgres is null
            ? new SqliteDialect(Paths.Database, time)
            : new PostgresDialect(postgres);
        Store = new EngineStore(
            dialect,
            EnginePolicy.Default() with
            {
                Backoff = new Backoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5)),
            },
            time
        );
        Node = new NodeState(
            new NodeIdentity("test", Guid.NewGuid(), "box", Environment.ProcessId, Roles.All)
        );
    }

    public static TheoryData<DialectKind> Dialects => [DialectKind.Sqlite, DialectKind.Postgres];

    /// <summary>The folder that holds the data folder and nothing else: anything new here escaped the data folder.</summary>
    public string Root => _dir.Path;

    public TimeProvider Time { get; }

    public NodePaths Paths { get; }

    public EngineStore Store { get; }

    public NodeState Node { get; }

    public WakeUps WakeUps { get; } = new();

    public static async Task<NodeHarness> CreateAsync(
        TimeProvider? time = null,
        DialectKind dialect = DialectKind.Sqlite
    )
    {
        var postgres =
            dialect == DialectKind.Postgres
                ? await (await PostgresServer.SharedAsync()).CreateDatabaseAsync("node")
                : null;
        var harness = new NodeHarness(time ?? TimeProvider.System, postgres);
        await harness.Store.MigrateAsync(CancellationToken.None);
        return harness;
    }

    public Sluice.Node.Incoming.Ingestor Ingestor() =>
        new(Store, Paths, WakeUps, Node, NullLogger<Sluice.Node.Incoming.Ingestor>.Instance);

    public async Task<IReadOnlyList<ItemView>> ItemsAsync() =>
        await Store.ListItemsAsync(new ItemQuery(), CancellationToken.None);

    /// <summary>Claims the item's next step and completes it with <paramref name="outcome"/>.</summary>
    public async Task RunAsync(ItemId id, ItemCommand outcome)
    {
        var item = (await Store.GetItemAsync(id, CancellationToken.None))!.Item;
        var step = Pipeline.NextStep(item)!.Value;
        var job = (
            await Store.ClaimAsync(
                new ClaimRequest("test", EnginePolicy.QueueOf(step), 10, TimeSpan.FromMinutes(1)),
                CancellationToken.None
            )
        ).Single(j => j.Lease.ItemId == id);
        (await Store.CompleteAsync(job.Lease, outcome, CancellationToken.None)).Result.ShouldBe(
            LeaseWrite.Applied
        );
    }

    public async ValueTask DisposeAsync()
    {
        if (Store.Dialect is PostgresDialect postgres)
        {
            await postgres.DisposeAsync();
            await (await PostgresServer.SharedAsync()).DropDatabaseAsync(_postgres!);
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        await Task.CompletedTask;
        _dir.Dispose();
    }
}
