using Sluice.Testing;
using Sluice.Testing.Http;
using Sluice.Tools.Processes;
using Sluice.Tools.Rclone;

namespace Sluice.Tools.Tests.Rclone;

/// <summary>
/// Real rclone uploading to a WebDAV remote whose account is full (a local stand-in: no real
/// server refuses on demand), over both transports. Through the daemon a small file is one
/// synchronous <c>operations/copyfile</c> (the error comes with HTTP 500) and a large one an
/// async job (the error comes from <c>job/status</c>, with no status).
/// </summary>
public sealed class RcloneQuotaSpecs : IAsyncDisposable
{
    private const int Small = 10_000;
    private const int Large = 2_000_000;

    private readonly TempDirectory _temp = new("sluice-rclone-quota");
    private readonly Clients _clients = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask DisposeAsync()
    {
        await _clients.DisposeAsync();
        _temp.Dispose();
    }

    [Theory]
    [InlineData(RcloneTransport.Daemon, Small, WebdavRefusal.InsufficientStorage, 500)]
    [InlineData(RcloneTransport.Daemon, Large, WebdavRefusal.InsufficientStorage, null)]
    [InlineData(RcloneTransport.Processes, Small, WebdavRefusal.InsufficientStorage, null)]
    [InlineData(RcloneTransport.Daemon, Small, WebdavRefusal.DailyLimit, 500)]
    [InlineData(RcloneTransport.Daemon, Large, WebdavRefusal.DailyLimit, null)]
    [InlineData(RcloneTransport.Processes, Small, WebdavRefusal.DailyLimit, null)]
    public async Task An_upload_the_remote_refuses_for_quota_is_QuotaExceeded(
        RcloneTransport transport,
        int size,
        WebdavRefusal refusal,
        int? httpStatus
    )
    {
        await using var remote = await WebdavQuotaStandIn.StartAsync(refusal);
        var rclone = _clients.Add(
            new ProcessRunner(
                TimeProvider.System,
                new ProcessRunnerOptions { OwnerTag = "test-rclone-quota" }
            ),
            new RcloneOptions { ConfigPath = remote.ConfigPath, Transport = transport }
        );
        var source = _temp.Combine($"{transport}-{size}.bin");
        await File.WriteAllBytesAsync(source, new byte[size], Ct);

        var failure = await Should.ThrowAsync<RcloneException>(() =>
            rclone.CopyToAsync(
                source,
                RemotePath.Parse("vault:Shows/A/a.bin"),
                null,
                PostCopyCheck.Caller,
                Ct
            )
        );

        failure.Kind.ShouldBe(RcloneErrorKind.QuotaExceeded, failure.Message);
        failure.HttpStatus.ShouldBe(httpStatus, "which path the daemon took");
        failure.Message.ShouldContain(
            refusal == WebdavRefusal.InsufficientStorage
                ? "507 Insufficient Storage"
                : "403 Forbidden"
        );
        remote.Puts.ShouldNotBeEmpty();
        remote.Puts.ShouldAllBe(p => p == "/Shows/A/a.bin");
    }
}
