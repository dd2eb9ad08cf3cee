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
            var name = sp.GetRequiredService<IOptions<NodeOptions>>().Value.Name;
            IReadOnlyList<string> roles =
            [
                .. Names.Steps.Select(EnginePolicy.RoleOf).Distinct().Prepend("ingest"),
            ];
            return new NodeState(
                new NodeIdentity(
                    name,
                    Guid.NewGuid(),
                    Environment.MachineName,
                    Environment.ProcessId,
                    roles
                )
            );
        });
        services.AddSingleton<WakeUps>();
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
                sp.GetRequiredService<ILogger<JobRunner>>()
            );
        });
        services.AddHostedService<NodeStartup>();
        services.AddHostedService<NodeMaintenance>();
        foreach (var queue in new[] { "sanitize", "vault", "tier", "encode", "notify" })
        {
            services.AddSingleton<IHostedService>(sp => CreateWorker(sp, queue));
        }

        return services;
    }

    private static StageWorker CreateWorker(IServiceProvider sp, string queue)
    {
        var stages = sp.GetRequiredService<IOptions<StagesOptions>>().Value;
        var engine = sp.GetRequiredService<IOptions<EngineOptions>>().Value;
        var concurrency = queue switch
        {
            "sanitize" => stages.Sanitize.Concurrency,
            "vault" => stages.Vault.Concurrency,
            "tier" => stages.Tier.Concurrency,
            "encode" => stages.Encode.Concurrency,
            "notify" => stages.Notify.Concurrency,
            _ => throw new ArgumentOutOfRangeException(nameof(queue), queue, "Unknown queue."),
        };
        return new StageWorker(
            queue,
            concurrency,
            sp.GetRequiredService<NodeState>().Name,
            sp.GetRequiredService<EngineStore>(),
            sp.GetRequiredService<JobRunner>(),
            sp.GetRequiredService<WakeUps>(),
            sp.GetRequiredService<NodeState>(),
            engine.LeaseDuration,
            engine.PollInterval,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<StageWorker>>()
        );
    }

    /// <summary>Tools started by this node are tagged with its data folder, which no other node shares.</summary>
    public static string OwnerTag(NodePaths paths) =>
        "sluice-"
        + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(paths.Data)))[..16];
}
