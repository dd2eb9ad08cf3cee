using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sluice.Node.Configuration;
using Sluice.Store;

namespace Sluice.Node.Engine;

/// <summary>
/// The node's heartbeat and the rescuer of expired leases. Rescue is idempotent and fenced on
/// each job's token, so every node may run it (with SQLite the process is the singleton).
/// </summary>
public sealed class NodeMaintenance(
    EngineStore store,
    NodeState node,
    WakeUps wakeUps,
    IOptions<EngineOptions> engine,
    TimeProvider time,
    ILogger<NodeMaintenance> log
) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = TimeSpan.FromTicks(
            Math.Min(engine.Value.RescueInterval.Ticks, engine.Value.LeaseDuration.Ticks / 4)
        );
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!await store.HeartbeatNodeAsync(node.Identity, stoppingToken))
                {
                    log.LogError("Another instance took over the node name {Node}", node.Name);
                }

                var rescued = await store.RescueExpiredAsync(stoppingToken);
                if (rescued > 0)
                {
                    log.LogWarning("Handed back {Count} jobs whose lease expired", rescued);
                    foreach (var queue in store.Policy.Steps.Values.Select(s => s.Queue).Distinct())
                    {
                        wakeUps.Poke(queue);
                    }
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                log.LogWarning("Maintenance failed: {Error}", ex.Message);
            }

            try
            {
                await Task.Delay(interval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }
}
