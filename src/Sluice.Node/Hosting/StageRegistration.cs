using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sluice.Domain.Items;
using Sluice.Domain.Naming;
using Sluice.Node.Configuration;
using Sluice.Node.Encode;
using Sluice.Node.Engine;
using Sluice.Node.Notify;
using Sluice.Node.Sanitize;
using Sluice.Node.Tier;
using Sluice.Node.Vault;
using Sluice.Tools.Ffmpeg;
using Sluice.Tools.Processes;
using Sluice.Tools.Rclone;

namespace Sluice.Node.Hosting;

public static class StageRegistration
{
    /// <summary>The tools (one process runner for all of them) and one handler per step.</summary>
    public static IServiceCollection AddSluiceStages(this IServiceCollection services)
    {
        services.AddSingleton(sp => new ProcessRunner(
            sp.GetRequiredService<TimeProvider>(),
            new ProcessRunnerOptions
            {
                OwnerTag = EngineRegistration.OwnerTag(sp.GetRequiredService<NodePaths>()),
            }
        ));
        // One client (and, with the daemon transport, one rcd) per distinct extra flag set, e.g.
        // a destination's own --bwlimit; the container disposes them at shutdown, stopping the daemons.
        services.AddSingleton(sp =>
        {
            var vault = sp.GetRequiredService<IOptions<VaultOptions>>().Value;
            return new RcloneClients(
                sp.GetRequiredService<ProcessRunner>(),
                new RcloneOptions
                {
                    ExecutablePath = vault.RcloneExecutable,
                    ConfigPath = string.IsNullOrEmpty(vault.RcloneConfig)
                        ? null
                        : Path.GetFullPath(vault.RcloneConfig),
                    Transport = vault.Transport,
                }
            );
        });
        services.AddSingleton(sp => sp.GetRequiredService<RcloneClients>().Default);
        services.AddSingleton(sp => new FfprobeClient(
            sp.GetRequiredService<ProcessRunner>(),
            new FfprobeOptions
            {
                ExecutablePath = sp.GetRequiredService<
                    IOptions<EncodeOptions>
                >().Value.FfprobeExecutable,
            }
        ));
        services.AddSingleton(sp =>
        {
            var encode = sp.GetRequiredService<IOptions<EncodeOptions>>().Value;
            return new FfmpegRunner(
                sp.GetRequiredService<ProcessRunner>(),
                new FfmpegOptions
                {
                    ExecutablePath = encode.FfmpegExecutable,
                    GracePeriod = encode.StopGracePeriod,
                }
            );
        });
        services.AddSingleton<EncoderSelection>();

        services.AddSingleton(sp =>
            sp.GetRequiredService<IOptions<NamingOptions>>().Value.ToTemplates()
        );
        services.AddSingleton<VaultDestinations>();
        services.AddSingleton<VaultUploader>();
        services.AddSingleton<DestinationGate>();
        services.AddSingleton<IVaultVerifier, RcloneVaultVerifier>();
        services.AddSingleton<IFreeSpaceProbe, StatvfsProbe>();
        services.AddSingleton<TierPass>();
        services.AddSingleton<SourceFetcher>();
        services.AddSingleton<Sanitize.Replacer>();
        services.AddHostedService<TierWatch>();
        services.AddSluiceNotify();

        services.AddSingleton<IStepHandler, SanitizeHandler>();
        services.AddSingleton<IStepHandler>(sp => Vault(sp, Artifact.Source));
        services.AddSingleton<IStepHandler>(sp => Vault(sp, Artifact.Encoded));
        services.AddSingleton<IStepHandler, TierHandler>();
        services.AddSingleton<IStepHandler, DistributeHandler>();
        services.AddSingleton<IStepHandler, EncodeHandler>();
        services.AddSingleton<IStepHandler, NotifyHandler>();
        return services;
    }

    private static VaultHandler Vault(IServiceProvider sp, Artifact artifact) =>
        new(
            artifact,
            sp.GetRequiredService<NodePaths>(),
            sp.GetRequiredService<VaultDestinations>(),
            sp.GetRequiredService<VaultUploader>()
        );
}
