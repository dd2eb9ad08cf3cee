using System.Text;
using System.Text.Json;
using Sluice.Cli.Tests.EndToEnd;
using Sluice.Domain.Items;
using Sluice.Node.Files;
using Sluice.Store;
using Sluice.Store.Sqlite;
using Sluice.Testing;

namespace Sluice.Cli.Tests.Library;

/// <summary>
/// A small library for the library tools: a real node process on SQLite with a real sftp vault
/// (rclone serve sftp), and finished items put in place through the store, each with its file
/// in the library folder and its copy in the vault, as the pipeline leaves them.
/// </summary>
public sealed class LibraryRig : IAsyncDisposable
{
    private LibraryRig(PipelineRig pipeline, EngineStore store)
    {
        Pipeline = pipeline;
        Store = store;
    }

    public PipelineRig Pipeline { get; }

    /// <summary>The node's own database, opened by the test as a second process would.</summary>
    public EngineStore Store { get; }

    public string Library => Pipeline.Library;

    public string Vault => Pipeline.VaultRoot;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static async Task<LibraryRig> CreateAsync()
    {
        var pipeline = await PipelineRig.CreateAsync(DialectKind.Sqlite, null, Ct);
        var store = new EngineStore(
            new SqliteDialect(Path.Combine(pipeline.Data, "sluice.db"), TimeProvider.System),
            EnginePolicy.Default(20),
            TimeProvider.System
        );
        await store.MigrateAsync(Ct);
        return new LibraryRig(pipeline, store);
    }

    /// <summary>
    /// A finished item at <paramref name="libraryPath"/>: its file in the library (unless
    /// <paramref name="evicted"/>), its copy in the vault, its journal through every step.
    /// </summary>
    public async Task<ItemId> FinishedItemAsync(
        string libraryPath,
        bool evicted = false,
        string? nativeTitle = null,
        bool encoded = false,
        bool finished = true
    )
    {
        var content = Encoding.UTF8.GetBytes($"episode bytes of {libraryPath}\n");
        var local = Path.Combine(Library, libraryPath);
        Directory.CreateDirectory(Path.GetDirectoryName(local)!);
        await File.WriteAllBytesAsync(local, content, Ct);
        var key = await ContentHash.OfFileAsync(local, Ct);
        var remote = Path.Combine(Vault, libraryPath);
        Directory.CreateDirectory(Path.GetDirectoryName(remote)!);
        await File.WriteAllBytesAsync(remote, content, Ct);

        var name = Path.GetFileName(libraryPath);
        var id = (
            (DiscoverResult.Created)
                await Store.DiscoverAsync(
                    new NewItem(name, $"/incoming/{name}", content.Length, key),
                    Ct
                )
        ).Id;
        var media = new MediaSummary("episode", "Show", 1, [1], null)
        {
            Details = nativeTitle is null
                ? null
                : new MediaDetails("anilist", 1, null) { NativeTitle = nativeTitle },
        };
        await RunAsync(id, new CompleteSanitize(libraryPath, media));
        await RunAsync(
            id,
            new CompleteVault(
                Artifact.Source,
                [
                    new VaultCopy(
                        Artifact.Source,
                        "sftp",
                        $"vault:{libraryPath}",
                        content.Length,
                        "size"
                    ),
                ]
            )
        );
        if (!finished)
        {
            // Its next step is running (a lease held here): the item is still in the pipeline.
            var next = Domain
                .Items.Pipeline.NextStep((await Store.GetItemAsync(id, Ct))!.Item)!
                .Value;
            (
                await Store.ClaimAsync(
                    new ClaimRequest(
                        "elsewhere",
                        EnginePolicy.QueueOf(next),
                        1,
                        TimeSpan.FromMinutes(10)
                    ),
                    Ct
                )
            ).ShouldHaveSingleItem();
            return id;
        }

        await RunAsync(id, new CompleteTier(1, 0, 0));
        if (encoded)
        {
            var output = EncodedPathOf(libraryPath);
            var bytes = Encoding.UTF8.GetBytes($"encoded bytes of {libraryPath}\n");
            foreach (var root in new[] { Library, Vault })
            {
                Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(root, output))!);
                await File.WriteAllBytesAsync(Path.Combine(root, output), bytes, Ct);
            }

            await RunAsync(
                id,
                new CompleteEncode(new EncodeOutput("hardsub", output, bytes.Length, 1))
            );
            await RunAsync(
                id,
                new CompleteVault(
                    Artifact.Encoded,
                    [
                        new VaultCopy(
                            Artifact.Encoded,
                            "sftp",
                            $"vault:{output}",
                            bytes.Length,
                            "size"
                        ),
                    ]
                )
            );
        }
        else
        {
            await RunAsync(id, new SkipEncode("nothing to do"));
        }

        await RunAsync(id, new CompleteNotify([]));
        if (evicted)
        {
            (
                await Store.RecordEvictionAsync(id, Artifact.Source, content.Length, "e2e", Ct)
            ).Applied.ShouldBeTrue();
            File.Delete(local);
        }

        return id;
    }

    /// <summary>Where the encode step puts an output by default: the source's path under Encoded/.</summary>
    public static string EncodedPathOf(string libraryPath) =>
        $"Encoded/{Path.ChangeExtension(libraryPath, null)}.mp4";

    private async Task RunAsync(ItemId id, ItemCommand outcome)
    {
        var item = (await Store.GetItemAsync(id, Ct))!.Item;
        var step = Domain.Items.Pipeline.NextStep(item)!.Value;
        var job = (
            await Store.ClaimAsync(
                new ClaimRequest("e2e", EnginePolicy.QueueOf(step), 1, TimeSpan.FromMinutes(1)),
                Ct
            )
        ).ShouldHaveSingleItem();
        (await Store.CompleteAsync(job.Lease, outcome, Ct)).Result.ShouldBe(LeaseWrite.Applied);
    }

    public Task<NodeProcess> StartNodeAsync() => Pipeline.StartNodeAsync(Ct);

    /// <summary>Every file in the local library, relative and sorted.</summary>
    public IReadOnlyList<string> LocalFiles() => PipelineRig.FilesUnder(Library);

    /// <summary>Every file on the sftp vault, as rclone lists it.</summary>
    public async Task<IReadOnlyList<string>> RemoteFilesAsync() =>
        [.. (await PipelineRig.ListingAsync(Pipeline.Sftp, Ct)).Keys.Order(StringComparer.Ordinal)];

    /// <summary>Folders (relative) under a root, sorted.</summary>
    public static IReadOnlyList<string> FoldersUnder(string root) =>
        [
            .. Directory
                .EnumerateDirectories(root, "*", SearchOption.AllDirectories)
                .Select(d => Path.GetRelativePath(root, d))
                .Order(StringComparer.Ordinal),
        ];

    /// <summary>Everything the tools may change: local files and folders, remote files and folders, and the journals.</summary>
    public async Task<string> SnapshotAsync()
    {
        var items = new List<string>();
        foreach (var item in await ItemsAsync())
        {
            items.Add($"{item.Id} {item.State} {item.LibraryPath} {item.Version}");
        }

        return string.Join(
            "\n",
            [
                .. LocalFiles(),
                .. FoldersUnder(Library),
                "--",
                .. await RemoteFilesAsync(),
                .. FoldersUnder(Vault),
                "--",
                .. items,
            ]
        );
    }

    public async Task<IReadOnlyList<Item>> ItemsAsync()
    {
        var all = new List<Item>();
        foreach (var top in new[] { "Shows", "Premiered", "Finished", "Encoded" })
        {
            all.AddRange(await Store.ItemsUnderAsync(top, Ct));
        }

        return all;
    }

    public async Task<Item> ItemAsync(ItemId id) => (await Store.GetItemAsync(id, Ct))!.Item;

    public async Task<IReadOnlyList<string>> JournalTypesAsync(ItemId id) =>
        [.. (await Store.GetJournalAsync(id, Ct)).Select(e => e.Type)];

    /// <summary>Runs `sluice ctl` against the node; returns its exit code and everything it printed.</summary>
    public async Task<(int Code, string Output)> CtlAsync(params string[] args)
    {
        var (code, stdout, stderr) = await SluiceProcess.RunAsync(
            ["ctl", "--node", Pipeline.Api.ToString(), .. args],
            ct: Ct
        );
        return (code, stdout + stderr);
    }

    /// <summary>Waits until the library operation is no longer running, or throws with the node's log.</summary>
    public async Task<JsonElement> WaitForOpAsync(NodeProcess node, long id, TimeSpan timeout)
    {
        var started = TimeProvider.System.GetTimestamp();
        while (true)
        {
            var op = await node.GetAsync($"/api/library/ops/{id}", Ct);
            if (op.GetProperty("state").GetString() != "running")
            {
                return op;
            }

            if (TimeProvider.System.GetElapsedTime(started) > timeout)
            {
                throw new TimeoutException(
                    $"Operation {id} still running: {op}\n{Pipeline.Tail()}"
                );
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), TimeProvider.System, Ct);
        }
    }

    public async ValueTask DisposeAsync() => await Pipeline.DisposeAsync();
}
