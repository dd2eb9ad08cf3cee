using System.Diagnostics;
using System.Net;
using System.Runtime.Versioning;
using System.Text.Json.Nodes;
using Sluice.Testing;
using Sluice.Testing.Rclone;
using Sluice.Tools.Processes;
using Sluice.Tools.Rclone;

namespace Sluice.Tools.Tests.Rclone;

/// <summary>The long-lived <c>rclone rcd</c> behind the daemon transport: auth, restarts, jobs, faults.</summary>
public sealed class RcloneDaemonSpecs(SftpServerFixture fixture)
    : IClassFixture<SftpServerFixture>,
        IAsyncDisposable
{
    private readonly TempDirectory _temp = new("sluice-rclone-daemon");
    private readonly Clients _clients = new();
    private readonly string _owner = $"test-rclone-daemon-{Guid.NewGuid():N}";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private RemotePath Vault { get; } = RemotePath.Parse("vault:").Combine($"d-{Guid.NewGuid():N}");

    public async ValueTask DisposeAsync()
    {
        await _clients.DisposeAsync();
        _temp.Dispose();
    }

    [Fact]
    public async Task A_request_without_the_generated_credentials_is_refused()
    {
        var rclone = Client(fixture.Server.ConfigPath);
        var address = await rclone.Daemon.ShouldNotBeNull().AddressAsync(Ct);
        using var http = new HttpClient();

        using var anonymous = await http.PostAsync(new Uri(address, "rc/noop"), null, Ct);
        using var guessed = new HttpRequestMessage(HttpMethod.Post, new Uri(address, "rc/noop"))
        {
            Headers = { Authorization = new("Basic", Convert.ToBase64String("u:p"u8.ToArray())) },
        };
        using var guessing = await http.SendAsync(guessed, Ct);

        address.Host.ShouldBe("127.0.0.1");
        anonymous.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        guessing.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await rclone.ListAsync(RemotePath.Local(_temp.Path), Ct)).ShouldBeEmpty();
    }

    [Fact]
    [SupportedOSPlatform("linux")]
    public async Task The_daemon_sees_only_a_hash_of_its_password_in_a_private_file_removed_on_stop()
    {
        var rclone = Client(fixture.Server.ConfigPath);
        await rclone.HashTypesAsync(Vault, Ct);
        var daemon = LinuxProcesses
            .WithEnvironmentEntry($"{ProcessRunner.OwnerVariable}={_owner}")
            .ShouldHaveSingleItem();
        var arguments = File.ReadAllText($"/proc/{daemon}/cmdline").Split('\0');
        var htpasswd = arguments[Array.IndexOf(arguments, "--rc-htpasswd") + 1];

        var entry = File.ReadAllText(htpasswd).Trim();
        var mode = File.GetUnixFileMode(htpasswd);
        var folderMode = File.GetUnixFileMode(Path.GetDirectoryName(htpasswd)!);
        await rclone.DisposeAsync();

        entry.ShouldMatch(@"^sluice-[0-9a-f]{8}:\{SHA\}[A-Za-z0-9+/]{27}=$");
        mode.ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        folderMode.ShouldBe(
            UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
        );
        LinuxProcesses
            .EnvironmentOf(Environment.ProcessId)
            .ShouldNotContain(e => e.StartsWith("RCLONE_RC_"));
        File.Exists(htpasswd).ShouldBeFalse("the credentials file goes with the daemon");
    }

    [Fact]
    public async Task A_daemon_killed_with_SIGKILL_is_restarted_and_the_next_call_works()
    {
        var rclone = Client(fixture.Server.ConfigPath);
        await rclone.HashTypesAsync(Vault, Ct);
        var daemon = LinuxProcesses
            .WithEnvironmentEntry($"{ProcessRunner.OwnerVariable}={_owner}")
            .ShouldHaveSingleItem();

        Process.GetProcessById(daemon).Kill();
        await rclone.CopyToAsync(await RandomFileAsync(10_000), Vault.Combine("a.bin"), null, Ct);

        rclone.Daemon.ShouldNotBeNull().Starts.ShouldBe(2);
        (await rclone.StatAsync(Vault.Combine("a.bin"), [], Ct))
            .ShouldNotBeNull()
            .Size.ShouldBe(10_000);
        LinuxProcesses
            .WithEnvironmentEntry($"{ProcessRunner.OwnerVariable}={_owner}")
            .ShouldHaveSingleItem()
            .ShouldNotBe(daemon);
    }

    [Fact]
    public async Task Disposing_the_client_stops_its_daemon()
    {
        var rclone = Client(fixture.Server.ConfigPath);
        await rclone.HashTypesAsync(Vault, Ct);

        await rclone.DisposeAsync();

        LinuxProcesses
            .WithEnvironmentEntry($"{ProcessRunner.OwnerVariable}={_owner}")
            .ShouldBeEmpty();
    }

    [Fact]
    public async Task Cancelling_an_upload_stops_its_job_and_the_daemon_serves_on()
    {
        var rclone = Client(fixture.Server.ConfigPath, "--bwlimit", "200k");
        using var lease = new CancellationTokenSource();
        var reports = new List<TransferProgress>();
        var upload = rclone.CopyToAsync(
            await RandomFileAsync(3_000_000),
            Vault.Combine(".sluice-tmp-x-1"),
            new SynchronousProgress<TransferProgress>(p =>
            {
                lock (reports)
                {
                    reports.Add(p);
                }

                if (p.Bytes > 0)
                {
                    lease.Cancel();
                }
            }),
            lease.Token
        );

        await Should.ThrowAsync<OperationCanceledException>(() =>
            upload.WaitAsync(TimeSpan.FromSeconds(20), Ct)
        );
        var stats = await rclone
            .Daemon.ShouldNotBeNull()
            .CallAsync("core/stats", [], "stats", [], Ct);

        stats
            .TryGetProperty("transferring", out var transferring)
            .ShouldBeFalse($"nothing may still be transferring: {stats}");
        var left = await rclone.ListAsync(Vault, Ct);
        left.ShouldAllBe(e => e.Name == ".sluice-tmp-x-1" && e.Size < 3_000_000);
        (await rclone.HashTypesAsync(Vault, Ct)).ShouldContain(HashType.Md5);
    }

    [Fact]
    public async Task A_slow_upload_reports_progress_with_speed_before_it_ends()
    {
        var rclone = Client(fixture.Server.ConfigPath, "--bwlimit", "500k");
        var reports = new List<TransferProgress>();

        await rclone.CopyToAsync(
            await RandomFileAsync(1_500_000),
            Vault.Combine("slow.bin"),
            new SynchronousProgress<TransferProgress>(reports.Add),
            Ct
        );

        reports.ShouldContain(p => p.Percent > 0 && p.Percent < 100 && p.BytesPerSecond > 0);
        reports[^1].Bytes.ShouldBe(1_500_000);
        reports[^1].Percent.ShouldBe(100);
    }

    [Fact]
    public async Task A_server_stopped_mid_upload_is_a_transient_error()
    {
        using var server = await RcloneSftpServer.StartAsync(Ct);
        var rclone = Client(
            server.ConfigPath,
            "--bwlimit",
            "200k",
            "--low-level-retries",
            "1",
            "--contimeout",
            "2s",
            "--timeout",
            "5s"
        );
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var upload = rclone.CopyToAsync(
            await RandomFileAsync(3_000_000),
            RemotePath.Parse("vault:a.bin"),
            new SynchronousProgress<TransferProgress>(p =>
            {
                if (p.Bytes > 0)
                {
                    started.TrySetResult();
                }
            }),
            Ct
        );
        await started.Task.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        server.Stop();

        var failure = await Should.ThrowAsync<RcloneException>(() =>
            upload.WaitAsync(TimeSpan.FromSeconds(30), Ct)
        );
        failure.Kind.ShouldBe(RcloneErrorKind.Transient, failure.Message);
    }

    [Fact]
    public async Task A_connection_string_password_never_reaches_the_message()
    {
        var rclone = Client(fixture.Server.ConfigPath, "--low-level-retries", "1");
        var obscured = "2sW2HV6EneT3qKG9bzt71hY7vANYUQ"; // rclone obscure s3cret

        var source = await RandomFileAsync(10);

        var failure = await Should.ThrowAsync<RcloneException>(() =>
            rclone.CopyToAsync(
                source,
                RemotePath.Parse($":sftp,host=127.0.0.1,port=1,user=u,pass={obscured}:dir/a.mkv"),
                null,
                Ct
            )
        );

        failure.Message.ShouldNotContain(obscured);
        failure.Message.ShouldContain("rclone copyto to :sftp,***:dir/a.mkv failed");
        failure.Kind.ShouldBe(RcloneErrorKind.Transient);
    }

    [Fact]
    public async Task A_small_file_is_copied_in_one_call_and_reports_itself_done()
    {
        var rclone = Client(fixture.Server.ConfigPath);
        var source = await RandomFileAsync(50_000);
        var reports = new List<TransferProgress>();

        await rclone.CopyToAsync(
            source,
            Vault.Combine("small.bin"),
            new SynchronousProgress<TransferProgress>(reports.Add),
            PostCopyCheck.Caller,
            Ct
        );
        var copy = await rclone.StatAsync(Vault.Combine("small.bin"), [HashType.Md5], Ct);

        reports.ShouldHaveSingleItem().Percent.ShouldBe(100);
        copy.ShouldNotBeNull()
            .Hashes[HashType.Md5]
            .ShouldBe((await LocalHasher.HashAsync(source, [HashType.Md5], Ct))[HashType.Md5]);
    }

    [Fact]
    public async Task A_small_file_under_a_bandwidth_limit_is_still_stoppable()
    {
        var rclone = Client(fixture.Server.ConfigPath);
        await rclone.SetBandwidthLimitAsync("10k", Ct);
        using var lease = new CancellationTokenSource();

        var upload = rclone.CopyToAsync(
            await RandomFileAsync(100_000),
            Vault.Combine(".sluice-tmp-s-1"),
            new SynchronousProgress<TransferProgress>(_ => lease.Cancel()),
            lease.Token
        );

        await Should.ThrowAsync<OperationCanceledException>(() =>
            upload.WaitAsync(TimeSpan.FromSeconds(5), Ct)
        );
        (await rclone.ListAsync(Vault, Ct)).ShouldAllBe(e => e.Size < 100_000);
    }

    [Fact]
    public async Task The_bandwidth_limit_is_per_daemon_and_can_be_changed_while_running()
    {
        var runner = new ProcessRunner(TimeProvider.System, new() { OwnerTag = _owner });
        await using var pool = new RcloneClients(
            runner,
            new RcloneOptions
            {
                ConfigPath = fixture.Server.ConfigPath,
                Transport = RcloneTransport.Daemon,
            }
        );
        var limited = pool.For(["--bwlimit", "8M"]);

        var before = await limited.BandwidthLimitAsync(Ct);
        var changed = await limited.SetBandwidthLimitAsync("1M", Ct);
        var other = await pool.Default.BandwidthLimitAsync(Ct);

        pool.For(["--bwlimit", "8M"]).ShouldBeSameAs(limited);
        before.BytesPerSecondTx.ShouldBe(8 * 1024 * 1024);
        changed.BytesPerSecondTx.ShouldBe(1024 * 1024);
        other.BytesPerSecondTx.ShouldBe(-1);
        LinuxProcesses
            .WithEnvironmentEntry($"{ProcessRunner.OwnerVariable}={_owner}")
            .Count.ShouldBe(2);
    }

    private RcloneClient Client(string configPath, params string[] flags) =>
        _clients.Add(
            new ProcessRunner(TimeProvider.System, new ProcessRunnerOptions { OwnerTag = _owner }),
            new RcloneOptions
            {
                ConfigPath = configPath,
                GlobalFlags = flags,
                Transport = RcloneTransport.Daemon,
            }
        );

    private async Task<string> RandomFileAsync(int size)
    {
        var bytes = new byte[size];
        Random.Shared.NextBytes(bytes);
        var path = _temp.Combine($"{Guid.NewGuid():N}.bin");
        await File.WriteAllBytesAsync(path, bytes, Ct);
        return path;
    }
}
