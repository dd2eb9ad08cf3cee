using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Sluice.Domain.Items;
using Sluice.Node.Configuration;
using Sluice.Node.Encode;
using Sluice.Node.Engine;
using Sluice.Node.Vault;
using Sluice.Store;
using Sluice.Tools.Ffmpeg;
using Sluice.Tools.Processes;
using Sluice.Tools.Rclone;

namespace Sluice.Benchmarks.Encode;

/// <summary>A node's folders, a SQLite engine and the real encode handler with default settings.</summary>
internal sealed class BenchNode : IAsyncDisposable
{
    private const string NodeName = "bench";

    private readonly NodePaths _paths;
    private readonly EngineStore _store;
    private readonly EncodeHandler _handler;

    private BenchNode(string root)
    {
        _paths = NodePaths.From(new PathsOptions { Data = Path.Combine(root, "data") });
        _paths.CreateFolders();
        _store = new EngineStore(
            new Sluice.Store.Sqlite.SqliteDialect(_paths.Database, TimeProvider.System),
            EnginePolicy.Default(),
            TimeProvider.System
        );
        var runner = new ProcessRunner(
            TimeProvider.System,
            new ProcessRunnerOptions { OwnerTag = $"bench-encode-{Environment.ProcessId}" }
        );
        Ffprobe = new FfprobeClient(runner);
        var ffmpeg = new FfmpegRunner(runner);
        var options = Options.Create(new EncodeOptions());
        var rclone = new RcloneClient(runner, new RcloneOptions());
        var node = new NodeState(
            new NodeIdentity(NodeName, Guid.NewGuid(), "box", Environment.ProcessId, Roles.All)
        );
        _handler = new EncodeHandler(
            _paths,
            Ffprobe,
            ffmpeg,
            options,
            Options.Create(new EngineOptions()),
            new SourceFetcher(
                _paths,
                node,
                new VaultDestinations(Options.Create(new VaultOptions()), _paths, rclone),
                rclone
            ),
            _store,
            new EncoderSelection(ffmpeg, options, NullLogger<EncoderSelection>.Instance)
        );
    }

    public FfprobeClient Ffprobe { get; }

    public static async Task<BenchNode> CreateAsync(string root)
    {
        var node = new BenchNode(root);
        await node._store.MigrateAsync(CancellationToken.None);
        return node;
    }

    /// <summary>A new item for <paramref name="clip"/>, taken up to the encode step (not timed).</summary>
    public async Task<ItemId> PrepareAsync(string clip, int run)
    {
        var relative = $"Shows/Show/Season 01/Show - S01E{run + 1:00}.mkv";
        var library = Path.Combine(_paths.Library, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(library)!);
        File.CreateSymbolicLink(library, clip);
        var id = (
            await _store.DiscoverAsync(
                new NewItem($"[Group] Show - {run + 1:00} [720p].mkv", library, 1, $"bench:{run}"),
                CancellationToken.None,
                NodeName
            )
        ).Id;
        var media = new MediaSummary("episode", "Show", 1, [run + 1], null);
        await StepAsync(
            id,
            _ => Task.FromResult<ItemCommand>(new CompleteSanitize(relative, media))
        );
        await StepAsync(
            id,
            _ => Task.FromResult<ItemCommand>(new CompleteVault(Artifact.Source, []))
        );
        await StepAsync(id, _ => Task.FromResult<ItemCommand>(new CompleteTier(0, 0, 0)));
        return id;
    }

    /// <summary>The encode step as a worker runs it: claim, the handler, the journaled outcome.</summary>
    public Task EncodeAsync(ItemId id) =>
        StepAsync(
            id,
            context => _handler.RunAsync(context, CancellationToken.None),
            expect: typeof(CompleteEncode)
        );

    /// <summary>How long ffmpeg itself ran in the item's encode, as journaled.</summary>
    public async Task<TimeSpan> FfmpegTimeAsync(ItemId id) =>
        TimeSpan.FromSeconds(
            (await _store.GetItemAsync(id, CancellationToken.None))!
                .Item
                .Output!
                .EncodeSeconds!
                .Value
        );

    private async Task StepAsync(
        ItemId id,
        Func<StepContext, Task<ItemCommand>> run,
        Type? expect = null
    )
    {
        var item = (await _store.GetItemAsync(id, CancellationToken.None))!.Item;
        var step = Pipeline.NextStep(item)!.Value;
        // Earlier runs' items wait at later steps in the same queues: take this item's job only.
        var jobs = await _store.ClaimAsync(
            new ClaimRequest(NodeName, EnginePolicy.QueueOf(step), 100, TimeSpan.FromMinutes(5)),
            CancellationToken.None
        );
        foreach (var other in jobs.Where(j => j.Lease.ItemId != id))
        {
            await _store.ReleaseAsync(other.Lease, CancellationToken.None);
        }

        var job = jobs.Single(j => j.Lease.ItemId == id);
        var outcome = await run(new StepContext(job, _store));
        if (expect is not null && outcome.GetType() != expect)
        {
            throw new InvalidOperationException($"The encode step answered {outcome}.");
        }

        await _store.CompleteAsync(job.Lease, outcome, CancellationToken.None);
    }

    public ValueTask DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        return ValueTask.CompletedTask;
    }
}
