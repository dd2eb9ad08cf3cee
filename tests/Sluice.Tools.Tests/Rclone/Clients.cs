using Sluice.Tools.Processes;
using Sluice.Tools.Rclone;

namespace Sluice.Tools.Tests.Rclone;

/// <summary>The clients a spec made, disposed with it: a daemon client owns an rcd process.</summary>
internal sealed class Clients : IAsyncDisposable
{
    private readonly List<RcloneClient> _clients = [];

    public RcloneClient Add(ProcessRunner runner, RcloneOptions options)
    {
        var client = new RcloneClient(runner, options);
        _clients.Add(client);
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients)
        {
            await client.DisposeAsync();
        }
    }
}
