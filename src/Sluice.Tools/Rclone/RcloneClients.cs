using System.Collections.Concurrent;
using Sluice.Tools.Processes;

namespace Sluice.Tools.Rclone;

/// <summary>
/// Clients by extra flags: rclone's <c>--bwlimit</c> token bucket (and every other global flag)
/// is per process, so a destination with its own limit needs its own daemon. Destinations with
/// the same flags share one client, hence one daemon; <see cref="Default"/> has none extra.
/// </summary>
/// <remarks>
/// Invariant: a client is created at most once per distinct flag list (order matters, as it does
/// to rclone), and every client created is disposed with the pool (stopping its daemon).
/// </remarks>
public sealed class RcloneClients(ProcessRunner runner, RcloneOptions options)
    : IAsyncDisposable,
        IDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<RcloneClient>> _clients = new(
        StringComparer.Ordinal
    );
    private volatile bool _disposed;

    public RcloneClient Default => For([]);

    /// <summary>The client whose calls carry <paramref name="extraFlags"/> after the global ones, e.g. ["--bwlimit", "08:00,512k 23:00,off"].</summary>
    public RcloneClient For(IReadOnlyList<string> extraFlags)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var key = string.Join('\0', extraFlags);
        return _clients
            .GetOrAdd(
                key,
                _ => new Lazy<RcloneClient>(() =>
                    new RcloneClient(
                        runner,
                        options with
                        {
                            GlobalFlags = [.. options.GlobalFlags, .. extraFlags],
                        }
                    )
                )
            )
            .Value;
    }

    /// <summary>For containers disposed synchronously: blocks until every daemon has stopped.</summary>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        foreach (var client in _clients.Values.Where(c => c.IsValueCreated))
        {
            await client.Value.DisposeAsync();
        }
    }
}
