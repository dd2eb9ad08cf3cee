using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sluice.Node.Configuration;
using Sluice.Node.Engine;
using Sluice.Tools.Processes;

namespace Sluice.Node.Mounts;

public static class MountsRegistration
{
    /// <summary>
    /// The mount supervisor, always (with no Mounts it supervises nothing). Add it after the
    /// engine: hosted services start in order, so NodeStartup has swept a previous instance's
    /// orphaned daemons (leaving their mounts dead, which the supervisor then clears) before
    /// anything is mounted, and the supervisor unmounts only once every worker has stopped.
    /// </summary>
    public static IServiceCollection AddSluiceMounts(this IServiceCollection services)
    {
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<MountsOptions>>().Value;
            return new MountSupervisor(
                MountPlan.From(
                    options,
                    sp.GetRequiredService<IOptions<VaultOptions>>().Value,
                    sp.GetRequiredService<NodePaths>()
                ),
                sp.GetRequiredService<ProcessRunner>(),
                options,
                sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ILogger<MountSupervisor>>(),
                sp.GetRequiredService<WakeUps>()
            );
        });
        // The publisher first: hosted services stop in reverse order, so it publishes the
        // final states after the supervisor has unmounted.
        services.AddHostedService<MountPublisher>();
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<MountSupervisor>());
        return services;
    }
}
