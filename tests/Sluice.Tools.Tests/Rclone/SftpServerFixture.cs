using Sluice.Testing.Rclone;

namespace Sluice.Tools.Tests.Rclone;

/// <summary>One <c>rclone serve sftp</c> per test class: starting one costs host-key generation.</summary>
public sealed class SftpServerFixture : IAsyncLifetime
{
    private RcloneSftpServer? _server;

    public RcloneSftpServer Server =>
        _server ?? throw new InvalidOperationException("Not started.");

    public async ValueTask InitializeAsync() =>
        _server = await RcloneSftpServer.StartAsync(TestContext.Current.CancellationToken);

    public ValueTask DisposeAsync()
    {
        _server?.Dispose();
        return ValueTask.CompletedTask;
    }
}
