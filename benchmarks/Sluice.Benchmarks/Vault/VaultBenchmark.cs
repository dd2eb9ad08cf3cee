using System.Collections.Immutable;
using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Sluice.Domain.Items;
using Sluice.Node.Configuration;
using Sluice.Node.Engine;
using Sluice.Node.Vault;
using Sluice.Store;
using Sluice.Testing;
using Sluice.Testing.Rclone;
using Sluice.Tools.Processes;
using Sluice.Tools.Rclone;

namespace Sluice.Benchmarks.Vault;

/// <summary>
/// Uploads the same files to <c>rclone serve sftp</c> on loopback five ways: the seed's way (one
/// <c>rclone copy</c> process per file, 20 at a time), one bulk <c>rclone copy</c> of the folder
/// (the practical ceiling), rclone alone copying to a temp root and moving it into existing
/// folders (the floor of any temp-then-move design), and Sluice's own vault step
/// (<see cref="VaultUploader"/>: list the folder, copy to a temp name while the file is hashed,
/// move into place, stat the final name with its hash) over each transport.
/// </summary>
/// <remarks>
/// The process transport runs five rclone processes per file, so it gets only the first
/// <c>processSubset</c> small files (its rate per file is what is compared). Small files sit 20
/// to a folder like episodes in seasons: the uploader lists the folder once per file.
/// </remarks>
public static class VaultBenchmark
{
    public static async Task<int> RunAsync(
        int smallFiles,
        int largeMegabytes,
        int concurrency,
        int processSubset,
        TextWriter output
    )
    {
        using var temp = new TempDirectory("sluice-bench-vault");
        using var server = await RcloneSftpServer.StartAsync(CancellationToken.None);
        var files = await VaultFiles.CreateAsync(temp.Sub("files"), smallFiles, 3, largeMegabytes);
        var runner = new ProcessRunner(
            TimeProvider.System,
            new ProcessRunnerOptions { OwnerTag = $"bench-vault-{Environment.ProcessId}" }
        );
        output.WriteLine(
            $"vault: {files.Small.Count} small files ({files.SmallBytes / 1e6:0.0} MB), "
                + $"{files.Large.Count} large ({files.LargeBytes / 1e6:0} MB), rclone serve sftp on loopback, "
                + $"{Environment.ProcessorCount} cores; Sluice concurrency {concurrency}"
        );

        var seed = new Figures(
            await TimeAsync(() => SeedAsync(runner, server, files.Root, files.Small, "seed")),
            await TimeAsync(() => SeedAsync(runner, server, files.Root, files.Large, "seed"))
        );
        var bulk = new Figures(
            await TimeAsync(() => BulkAsync(runner, server, files.Root, "Small", "bulk")),
            await TimeAsync(() => BulkAsync(runner, server, files.Root, "Large", "bulk"))
        );
        var floor = new Figures(
            await TimeAsync(() => FloorAsync(runner, server, files, files.Small, "Small")),
            await TimeAsync(() => FloorAsync(runner, server, files, files.Large, "Large"))
        );
        var processSmall = files.Small.Take(processSubset).ToList();
        var processes = await SluiceAsync(
            runner,
            server,
            files,
            processSmall,
            RcloneTransport.Processes,
            concurrency
        );
        var daemon = await SluiceAsync(
            runner,
            server,
            files,
            files.Small,
            RcloneTransport.Daemon,
            concurrency
        );

        output.WriteLine();
        output.WriteLine(
            $"{"way", -28} {"small files/s", 14} {"small MB/s", 11} {"large MB/s", 11}"
        );
        Row(output, "seed (process per file, 20)", seed, files.Small, files.Large);
        Row(output, "bulk rclone copy", bulk, files.Small, files.Large);
        Row(output, "floor: temp copy + move", floor, files.Small, files.Large);
        Row(
            output,
            $"sluice processes ({processSmall.Count} small)",
            processes,
            processSmall,
            files.Large
        );
        Row(output, "sluice daemon (rcd)", daemon, files.Small, files.Large);
        output.WriteLine();
        foreach (
            var (name, figures, small) in new[]
            {
                ("processes", processes, processSmall),
                ("daemon", daemon, files.Small),
            }
        )
        {
            output.WriteLine(
                $"sluice {name}/seed: small {Rate(small, figures.Small) / Rate(files.Small, seed.Small):0.00}x files/s, "
                    + $"large {Mbps(files.Large, figures.Large) / Mbps(files.Large, seed.Large):0.00}x MB/s; "
                    + $"sluice {name}/bulk: small {Rate(small, figures.Small) / Rate(files.Small, bulk.Small):0.00}x, "
                    + $"large {Mbps(files.Large, figures.Large) / Mbps(files.Large, bulk.Large):0.00}x"
            );
        }

        output.WriteLine(
            $"floor/bulk: small {Rate(files.Small, floor.Small) / Rate(files.Small, bulk.Small):0.00}x, "
                + $"large {Mbps(files.Large, floor.Large) / Mbps(files.Large, bulk.Large):0.00}x "
                + "(the most any upload-to-temp-then-move design can reach over this rclone); "
                + $"sluice daemon/floor: small {Rate(files.Small, daemon.Small) / Rate(files.Small, floor.Small):0.00}x, "
                + $"large {Mbps(files.Large, daemon.Large) / Mbps(files.Large, floor.Large):0.00}x"
        );

        return 0;
    }

    private static async Task<Figures> SluiceAsync(
        ProcessRunner runner,
        RcloneSftpServer server,
        VaultFiles files,
        IReadOnlyList<string> small,
        RcloneTransport transport,
        int concurrency
    )
    {
        await using var rclone = new RcloneClient(
            runner,
            new RcloneOptions { ConfigPath = server.ConfigPath, Transport = transport }
        );
        var name = transport.ToString().ToLowerInvariant();
        var destinations = new VaultDestinations(
            Options.Create(
                new VaultOptions
                {
                    Destinations = [new() { Name = name, Remote = $"vault:sluice-{name}" }],
                }
            ),
            new NodePaths(
                "/nowhere",
                "/nowhere",
                "/nowhere",
                "/nowhere",
                "/nowhere",
                "/nowhere",
                "/nowhere"
            ),
            rclone
        );
        // The gate reads the destination's pause from the store before each upload, as on a node.
        var database = Path.Combine(Path.GetTempPath(), $"sluice-bench-{Guid.NewGuid():N}.db");
        var store = new Sluice.Store.EngineStore(
            new Sluice.Store.Sqlite.SqliteDialect(database, TimeProvider.System),
            Sluice.Store.EnginePolicy.Default(),
            TimeProvider.System
        );
        await store.MigrateAsync(CancellationToken.None);
        var uploader = new VaultUploader(
            rclone,
            destinations,
            new DestinationGate(store, TimeProvider.System, NullLogger<DestinationGate>.Instance),
            NullLogger<VaultUploader>.Instance
        );
        var destination = destinations.All[0];
        // The verification question is asked once per destination in a node's life: not part of the rate.
        var plan = await destinations.PlanAsync(destination, true, CancellationToken.None);
        HashType[] hashes = plan.ComparedHash is { } type ? [type] : [];

        async Task UploadAllAsync(IReadOnlyList<string> paths, int parallel) =>
            await Parallel.ForEachAsync(
                paths,
                new ParallelOptions { MaxDegreeOfParallelism = parallel },
                async (path, ct) =>
                {
                    var digest = LocalDigest.OfAsync(path, hashes, ct);
                    var copy = await uploader.UploadAsync(
                        Context(),
                        Artifact.Source,
                        new VaultSource.Local(path),
                        Path.GetRelativePath(files.Root, path).Replace('\\', '/'),
                        destination,
                        new FileInfo(path).Length,
                        digest,
                        ct
                    );
                    if (!copy.Verification.Contains(':'))
                    {
                        throw new InvalidOperationException(
                            "Verified by size only: no hash was compared."
                        );
                    }
                }
            );

        return new Figures(
            await TimeAsync(() => UploadAllAsync(small, concurrency)),
            await TimeAsync(() => UploadAllAsync(files.Large, files.Large.Count))
        );
    }

    // The uploader only reads names and reports progress; nothing is recorded, so no store.
    private static StepContext Context()
    {
        var id = ItemId.New();
        var item = new Item
        {
            Id = id,
            SourceKey = id.ToString(),
            Name = "bench",
            IncomingPath = "/nowhere",
        };
        return new StepContext(
            new ClaimedJob(new JobLease(1, 1, id, Step.Vault, 1, 5, "bench"), item),
            null!
        );
    }

    private static async Task SeedAsync(
        ProcessRunner runner,
        RcloneSftpServer server,
        string root,
        IReadOnlyList<string> paths,
        string folder
    ) =>
        await Parallel.ForEachAsync(
            paths,
            new ParallelOptions { MaxDegreeOfParallelism = 20 },
            async (path, ct) =>
            {
                var relative = Path.GetRelativePath(root, Path.GetDirectoryName(path)!);
                await runner.RunAsync(
                    new ProcessCommand("rclone").WithArguments(
                        "copy",
                        path,
                        $"vault:{folder}/{relative}",
                        "--config",
                        server.ConfigPath
                    ),
                    cancellationToken: ct
                );
            }
        );

    private static async Task BulkAsync(
        ProcessRunner runner,
        RcloneSftpServer server,
        string root,
        string sub,
        string folder
    ) =>
        await runner.RunAsync(
            new ProcessCommand("rclone").WithArguments(
                "copy",
                Path.Combine(root, sub),
                $"vault:{folder}/{sub}",
                "--config",
                server.ConfigPath
            )
        );

    /// <summary>
    /// rclone alone doing what any upload-to-a-temp-name design must: one bulk copy of the files
    /// to a temp root, then one move of that root onto the destination. The destination's folders
    /// already exist, as a library's show folders do, so rclone renames file by file (its
    /// whole-folder rename only applies to a folder that is new; the filter rules that rename out
    /// anyway). No existence check and no verification of the final names: a floor, not Sluice.
    /// </summary>
    private static async Task FloorAsync(
        ProcessRunner runner,
        RcloneSftpServer server,
        VaultFiles files,
        IReadOnlyList<string> paths,
        string sub
    )
    {
        foreach (var folder in paths.Select(Path.GetDirectoryName).Distinct())
        {
            var existing = Directory.CreateDirectory(
                Path.Combine(
                    server.RootDirectory,
                    "floor",
                    Path.GetRelativePath(files.Root, folder!)
                )
            );
            await File.WriteAllTextAsync(Path.Combine(existing.FullName, "existing.bin"), "x");
        }

        await runner.RunAsync(
            new ProcessCommand("rclone").WithArguments(
                "copy",
                Path.Combine(files.Root, sub),
                $"vault:floor-temp/{sub}",
                "--config",
                server.ConfigPath
            )
        );
        await runner.RunAsync(
            new ProcessCommand("rclone").WithArguments(
                "move",
                $"vault:floor-temp/{sub}",
                $"vault:floor/{sub}",
                "--exclude",
                "/.sluice-none",
                "--config",
                server.ConfigPath
            )
        );
    }

    private static async Task<TimeSpan> TimeAsync(Func<Task> run)
    {
        var started = Stopwatch.GetTimestamp();
        await run();
        return Stopwatch.GetElapsedTime(started);
    }

    private static double Rate(IReadOnlyList<string> files, TimeSpan time) =>
        files.Count / time.TotalSeconds;

    private static double Mbps(IReadOnlyList<string> files, TimeSpan time) =>
        files.Sum(f => new FileInfo(f).Length) / 1e6 / time.TotalSeconds;

    private static void Row(
        TextWriter output,
        string name,
        Figures figures,
        IReadOnlyList<string> small,
        IReadOnlyList<string> large
    ) =>
        output.WriteLine(
            $"{name, -28} {Rate(small, figures.Small), 14:0.0} {Mbps(small, figures.Small), 11:0.00} {Mbps(large, figures.Large), 11:0.0}"
        );

    private sealed record Figures(TimeSpan Small, TimeSpan Large);
}
