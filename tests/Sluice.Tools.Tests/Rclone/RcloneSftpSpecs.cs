using Sluice.Testing;
using Sluice.Testing.Rclone;
using Sluice.Tools.Processes;
using Sluice.Tools.Rclone;

namespace Sluice.Tools.Tests.Rclone;

public sealed class RcloneSftpSpecsOverProcesses(SftpServerFixture fixture)
    : RcloneSftpSpecs(fixture, RcloneTransport.Processes);

public sealed class RcloneSftpSpecsOverDaemon(SftpServerFixture fixture)
    : RcloneSftpSpecs(fixture, RcloneTransport.Daemon);

/// <summary>Real rclone against <c>rclone serve sftp</c> on loopback: a network remote with hashes; each spec runs over both transports.</summary>
public abstract class RcloneSftpSpecs(SftpServerFixture fixture, RcloneTransport transport)
    : IClassFixture<SftpServerFixture>,
        IAsyncDisposable
{
    private readonly TempDirectory _temp = new("sluice-rclone-sftp");
    private readonly ProcessRunner _runner = new(
        TimeProvider.System,
        new ProcessRunnerOptions { OwnerTag = "test-rclone-sftp" }
    );
    private readonly Clients _clients = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private RcloneClient Rclone =>
        _rclone ??= _clients.Add(
            _runner,
            new RcloneOptions { ConfigPath = fixture.Server.ConfigPath, Transport = transport }
        );

    private RcloneClient? _rclone;

    // Each test under its own folder of the shared server.
    private RemotePath Vault { get; } = RemotePath.Parse("vault:").Combine($"t-{Guid.NewGuid():N}");

    public async ValueTask DisposeAsync()
    {
        await _clients.DisposeAsync();
        _temp.Dispose();
        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task Removing_an_empty_directory_leaves_one_that_holds_anything()
    {
        // Made through the server (a file copied in, then deleted), so its view of the folders is the truth.
        var file = await RandomFileAsync(10);
        foreach (var path in new[] { "Empty/x", "Full/file.txt", "Holds a folder/Inner/x" })
        {
            await Rclone.CopyToAsync(file, Vault.Combine(path), null, Ct);
        }

        await Rclone.DeleteFileAsync(Vault.Combine("Empty/x"), Ct);
        await Rclone.DeleteFileAsync(Vault.Combine("Holds a folder/Inner/x"), Ct);

        var empty = await Rclone.RemoveEmptyDirectoryAsync(Vault.Combine("Empty"), Ct);
        var full = await Rclone.RemoveEmptyDirectoryAsync(Vault.Combine("Full"), Ct);
        var nested = await Rclone.RemoveEmptyDirectoryAsync(Vault.Combine("Holds a folder"), Ct);
        var missing = await Rclone.RemoveEmptyDirectoryAsync(Vault.Combine("Never there"), Ct);

        empty.ShouldBeTrue();
        full.ShouldBeFalse();
        nested.ShouldBeFalse();
        missing.ShouldBeTrue();
        (await Rclone.ListAsync(Vault, Ct))
            .Select(e => e.Name)
            .Order()
            .ShouldBe(["Full", "Holds a folder"]);
        (await Rclone.ListAsync(Vault.Combine("Full"), Ct))
            .Select(e => e.Name)
            .ShouldBe(["file.txt"]);
        (await Rclone.ListAsync(Vault.Combine("Holds a folder"), Ct))
            .Select(e => e.Name)
            .ShouldBe(["Inner"]);
    }

    [Fact]
    public async Task Copying_to_sftp_reports_progress_and_stat_md5_matches_the_local_file()
    {
        var source = await RandomFileAsync(2_000_000);
        var reports = new List<TransferProgress>();
        var destination = Vault.Combine("Show/ep 01.bin");

        await Rclone.CopyToAsync(
            source,
            destination,
            new SynchronousProgress<TransferProgress>(reports.Add),
            Ct
        );
        var entry = await Rclone.StatAsync(destination, [HashType.Md5], Ct);

        reports.ShouldNotBeEmpty();
        reports[^1].Bytes.ShouldBe(2_000_000);
        reports[^1].Percent.ShouldBe(100);
        entry.ShouldNotBeNull().Size.ShouldBe(2_000_000);
        entry
            .Hashes[HashType.Md5]
            .ShouldBe((await LocalHasher.HashAsync(source, [HashType.Md5], Ct))[HashType.Md5]);
        File.Exists(Path.Combine(fixture.Server.RootDirectory, Vault.Path, "Show", "ep 01.bin"))
            .ShouldBeTrue();
    }

    [Fact]
    public async Task Moveto_list_and_delete_work_over_sftp()
    {
        await Rclone.CopyToAsync(await RandomFileAsync(1000), Vault.Combine("a.tmp"), null, Ct);

        await Rclone.MoveToAsync(Vault.Combine("a.tmp"), Vault.Combine("a.bin"), Ct);
        var listed = await Rclone.ListAsync(Vault, Ct);
        var deleted = await Rclone.DeleteFileAsync(Vault.Combine("a.bin"), Ct);

        listed.ShouldHaveSingleItem().Name.ShouldBe("a.bin");
        deleted.ShouldBeTrue();
        (await Rclone.StatAsync(Vault.Combine("a.bin"), [], Ct)).ShouldBeNull();
    }

    [Fact]
    public async Task Sftp_offers_md5_and_sha1()
    {
        var types = await Rclone.HashTypesAsync(RemotePath.Parse("vault:"), Ct);

        types.ShouldBe(new HashSet<HashType> { HashType.Md5, HashType.Sha1 }, ignoreOrder: true);
    }

    [Fact]
    public async Task Cancelling_an_upload_stops_rclone()
    {
        // 100 KiB/s keeps a 2 MB upload busy long enough to cancel it mid-way.
        var owner = $"test-rclone-cancel-{Guid.NewGuid():N}";
        var slow = _clients.Add(
            new ProcessRunner(TimeProvider.System, new ProcessRunnerOptions { OwnerTag = owner }),
            new RcloneOptions
            {
                ConfigPath = fixture.Server.ConfigPath,
                GlobalFlags = ["--bwlimit", "100k"],
                Transport = transport,
            }
        );
        using var lease = new CancellationTokenSource();
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var upload = slow.CopyToAsync(
            await RandomFileAsync(2_000_000),
            Vault.Combine("slow.bin"),
            new SynchronousProgress<TransferProgress>(_ => started.TrySetResult()),
            lease.Token
        );
        await started.Task.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        await lease.CancelAsync();

        await Should.ThrowAsync<OperationCanceledException>(() =>
            upload.WaitAsync(TimeSpan.FromSeconds(15), Ct)
        );
        await slow.DisposeAsync();
        LinuxProcesses
            .WithEnvironmentEntry($"{ProcessRunner.OwnerVariable}={owner}")
            .ShouldBeEmpty();
        (await Rclone.StatAsync(Vault.Combine("slow.bin"), [], Ct))?.Size.ShouldBeLessThan(
            2_000_000,
            "a cancelled upload is never complete"
        );
    }

    [Fact]
    public async Task An_unreachable_server_is_a_transient_error()
    {
        using var server = await RcloneSftpServer.StartAsync(Ct);
        var rclone = _clients.Add(
            _runner,
            new RcloneOptions
            {
                ConfigPath = server.ConfigPath,
                GlobalFlags = ["--retries", "1", "--low-level-retries", "1"],
                Transport = transport,
            }
        );
        server.Stop();

        var failure = await Should.ThrowAsync<RcloneException>(() =>
            rclone.StatAsync(RemotePath.Parse("vault:a.bin"), [], Ct)
        );

        failure.Kind.ShouldBe(RcloneErrorKind.Transient);
        failure.Message.ShouldContain("connection refused");
    }

    private async Task<string> RandomFileAsync(int size)
    {
        var bytes = new byte[size];
        Random.Shared.NextBytes(bytes);
        var path = _temp.Combine($"{Guid.NewGuid():N}.bin");
        await File.WriteAllBytesAsync(path, bytes, Ct);
        return path;
    }
}
