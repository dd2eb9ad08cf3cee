using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sluice.Domain.Items;
using Sluice.Node.Configuration;
using Sluice.Node.Engine;
using Sluice.Store;

namespace Sluice.Node.Hosting;

public static class EngineRegistration
{
    /// <summary>
    /// The engine's runtime on this node: identity, start-up checks, maintenance, and one
    /// bounded worker pool per queue. NodeStartup is registered first so it finishes before
    /// any worker or the watcher starts.
    /// </summary>
    public static IServiceCollection AddSluiceEngine(this IServiceCollection services)
    {
        services.AddSingleton(sp =>
        {
            var node = sp.GetRequiredService<IOptions<NodeOptions>>().Value;
            return new NodeState(
                new NodeIdentity(
                    node.Name,
                    Guid.NewGuid(),
                    Environment.MachineName,
                    Environment.ProcessId,
                    node.EffectiveRoles
                )
            );
        });
        services.AddSingleton<WakeUps>();
        services.AddSingleton<Metrics.NodeMetrics>();
        services.AddSingleton(sp => new OrphanSweeper(
            OwnerTag(sp.GetRequiredService<NodePaths>()),
            Tools.Processes.ProcessRunner.KillOrphans
        ));
        services.AddSingleton(sp =>
        {
            var handlers = sp.GetServices<IStepHandler>().ToDictionary(h => h.Step);
            return new JobRunner(
                sp.GetRequiredService<EngineStore>(),
                handlers,
                sp.GetRequiredService<WakeUps>(),
                sp.GetRequiredService<IOptions<EngineOptions>>().Value.LeaseDuration,
                sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ILogger<JobRunner>>(),
                metrics: sp.GetRequiredService<Metrics.NodeMetrics>()
            );
        });
        services.AddHostedService<NodeStartup>();
        services.AddHostedService<NodeMaintenance>();
        services.AddHostedService<JobListener>();
        foreach (var queue in Names.Steps.Select(Placement.QueueOf).Distinct())
        {
            services.AddSingleton<IHostedService>(sp => CreateWorker(sp, queue));
        }

        return services;
    }

    /// <summary>A worker pool for the queue if any of its steps needs a role this node has; else an idle stand-in.</summary>
    private static IHostedService CreateWorker(IServiceProvider sp, string queue)
    {
        var node = sp.GetRequiredService<NodeState>();
        var roles = Names
            .Steps.Where(s => Placement.QueueOf(s) == queue)
            .Select(Placement.RoleOf)
            .Where(node.Has)
            .ToList();
        if (roles.Count == 0)
        {
            return new IdleWorker();
        }

        var engine = sp.GetRequiredService<IOptions<EngineOptions>>().Value;
        return new StageWorker(
            queue,
            sp.GetRequiredService<IOptions<StagesOptions>>().Value.ForQueue(queue).Concurrency,
            node.Name,
            sp.GetRequiredService<EngineStore>(),
            sp.GetRequiredService<JobRunner>(),
            sp.GetRequiredService<WakeUps>(),
            node,
            engine.LeaseDuration,
            engine.PollInterval,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<StageWorker>>(),
            sp.GetService<Health.LocationMonitor>() is { } health ? health.ClosedReason : null
        );
    }

    private sealed class IdleWorker : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    /// <summary>Tools started by this node are tagged with its data folder, which no other node shares.</summary>
    public static string OwnerTag(NodePaths paths) =>
        "sluice-"
        + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(paths.Data)))[..16];
}
