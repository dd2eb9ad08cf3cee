using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Sluice.Node.Engine;
using Sluice.Store;

namespace Sluice.Node.Mounts;

/// <summary>
/// Writes this node's mounts to the shared database on every state change (and every minute,
/// so a row's age tells how current it is), for `ctl mounts --all` on any node. After the
/// supervisor has unmounted at shutdown, it publishes the final "stopped" states.
/// </summary>
/// <remarks>
/// Invariants: only this node's rows are written, always all of them at once (a mount removed from
/// the configuration disappears); a database that cannot be reached costs a log line and is tried
/// again at the next change or minute, never in a loop; the mounts never wait on the database.
/// Registered before the supervisor, so its StoppedAsync runs after the supervisor's.
/// </remarks>
public sealed class MountPublisher(
    MountSupervisor mounts,
    EngineStore store,
    NodeState node,
    TimeProvider time,
    ILogger<MountPublisher> log
) : BackgroundService, IHostedLifecycleService
{
    private static readonly TimeSpan Refresh = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var change = mounts.WhenChanged();
            await PublishAsync(stoppingToken);
            if (mounts.Mounts.Count == 0)
            {
                return; // cleared what an earlier configuration left; nothing will change
            }

            try
            {
                await Task.WhenAny(change, Task.Delay(Refresh, time, stoppingToken));
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StoppedAsync(CancellationToken cancellationToken)
    {
        if (mounts.Mounts.Count > 0)
        {
            await PublishAsync(cancellationToken);
        }
    }

    private async Task PublishAsync(CancellationToken ct)
    {
        try
        {
            await store.PublishMountsAsync(
                node.Name,
                [
                    .. mounts.Mounts.Select(m => new NodeMount(
                        node.Name,
                        m.Name,
                        m.Kind,
                        m.Path,
                        m.StateName,
                        m.Pid,
                        m.Restarts,
                        m.Since,
                        m.LastError,
                        m.NextAttempt
                    )),
                ],
                ct
            );
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            log.LogWarning("Publishing this node's mounts failed: {Error}", e.Message);
        }
    }
}
