using Sluice.Testing;
using Sluice.Testing.Rclone;
using Sluice.Tools.Processes;
using Sluice.Tools.Rclone;

namespace Sluice.Tools.Tests.Rclone;

public sealed class RcloneWebdavSpecsOverProcesses() : RcloneWebdavSpecs(RcloneTransport.Processes);

public sealed class RcloneWebdavSpecsOverDaemon() : RcloneWebdavSpecs(RcloneTransport.Daemon);

/// <summary>Real rclone against <c>rclone serve webdav</c>: a remote without hashes.</summary>
public abstract class RcloneWebdavSpecs(RcloneTransport transport) : IAsyncDisposable
{
    private readonly TempDirectory _temp = new("sluice-rclone-webdav");
    private readonly Clients _clients = new();

    public async ValueTask DisposeAsync()
    {
        await _clients.DisposeAsync();
        _temp.Dispose();
        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task Webdav_takes_a_copy_but_offers_no_hash_so_only_the_size_can_be_compared()
    {
        var ct = TestContext.Current.CancellationToken;
        using var server = await RcloneWebdavServer.StartAsync(ct);
        var rclone = _clients.Add(
            new ProcessRunner(
                TimeProvider.System,
                new ProcessRunnerOptions { OwnerTag = "test-rclone-webdav" }
            ),
            new RcloneOptions { ConfigPath = server.ConfigPath, Transport = transport }
        );
        var source = _temp.Combine("a.bin");
        await File.WriteAllBytesAsync(source, new byte[50_000], ct);

        await rclone.CopyToAsync(source, RemotePath.Parse("vault:dir/a.bin"), null, ct);
        var entry = await rclone.StatAsync(RemotePath.Parse("vault:dir/a.bin"), [HashType.Md5], ct);
        var types = await rclone.HashTypesAsync(RemotePath.Parse("vault:"), ct);

        entry.ShouldNotBeNull().Size.ShouldBe(50_000);
        entry.Hashes.ShouldBeEmpty();
        types.ShouldBeEmpty();
        File.Exists(Path.Combine(server.RootDirectory, "dir", "a.bin")).ShouldBeTrue();
    }
}
