using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sluice.Node.Configuration;
using Sluice.Node.Metrics;
using Sluice.Store;

namespace Sluice.Node.Engine;

/// <summary>
/// The node's heartbeat (which also brings drain requests), the rescue of expired leases, and
/// on the leader only the slower cluster chores: moving work away from dead nodes and pruning
/// old job rows. Rescue runs on every node: it is fenced per job, so rescuers cannot collide,
/// and failover must not wait for a leader that may itself be the node that froze. The leader
/// is whoever holds the advisory lock (PostgreSQL) or the process itself (SQLite); every chore
/// is idempotent, so a brief second leader does no harm.
/// </summary>
public sealed class NodeMaintenance(
    EngineStore store,
    NodeState node,
    WakeUps wakeUps,
    IOptions<EngineOptions> engine,
    IOptions<StoreOptions> storeOptions,
    TimeProvider time,
    ILogger<NodeMaintenance> log,
    NodeMetrics? metrics = null
) : BackgroundService
{
    private static readonly TimeSpan PruneEvery = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = TimeSpan.FromTicks(
            Math.Min(engine.Value.RescueInterval.Ticks, engine.Value.LeaseDuration.Ticks / 4)
        );
        long? lastPrune = null;
        var leading = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var heartbeat = await store.HeartbeatNodeAsync(node.Identity, stoppingToken);
                if (!heartbeat.Owned)
                {
                    log.LogError("Another instance took over the node name {Node}", node.Name);
                }

                if (heartbeat.Draining != node.Draining)
                {
                    node.SetDraining(heartbeat.Draining);
                    log.LogWarning(
                        "Node {Node} draining: {Draining} (running jobs finish; nothing new is claimed while draining)",
                        node.Name,
                        heartbeat.Draining
                    );
                }

                await RescueAsync(stoppingToken);
                var lead = await store.Dialect.TryLeadAsync(
                    engine.Value.LeaseDuration,
                    stoppingToken
                );
                if (lead != leading)
                {
                    leading = lead;
                    log.LogInformation(
                        "Node {Node} runs cluster maintenance: {Leading}",
                        node.Name,
                        lead
                    );
                }

                if (lead)
                {
                    var moved = await store.ReassignFromDeadNodesAsync(
                        engine.Value.NodeDeadAfter,
                        stoppingToken
                    );
                    if (moved > 0)
                    {
                        log.LogWarning(
                            "Moved {Count} jobs away from nodes silent for over {DeadAfter}",
                            moved,
                            engine.Value.NodeDeadAfter
                        );
                        Wake();
                    }
                    if (lastPrune is null || time.GetElapsedTime(lastPrune.Value) >= PruneEvery)
                    {
                        lastPrune = time.GetTimestamp();
                        var pruned = await store.PruneJobsAsync(
                            storeOptions.Value.JobRetention,
                            stoppingToken
                        );
                        if (pruned > 0)
                        {
                            log.LogInformation("Pruned {Count} finished job rows", pruned);
                        }
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

    private async Task RescueAsync(CancellationToken ct)
    {
        var rescued = await store.RescueExpiredAsync(ct);
        if (rescued > 0)
        {
            metrics?.Rescued(rescued);
            log.LogWarning("Handed back {Count} jobs whose lease expired", rescued);
            Wake();
        }
    }

    private void Wake()
    {
        foreach (var queue in store.Policy.Steps.Values.Select(s => s.Queue).Distinct())
        {
            wakeUps.Poke(queue);
        }
    }
}
