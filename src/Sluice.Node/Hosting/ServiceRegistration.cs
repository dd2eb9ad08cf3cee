using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sluice.Domain.Engine;
using Sluice.Domain.Items;
using Sluice.Node.Configuration;
using Sluice.Node.Engine;
using Sluice.Node.Incoming;
using Sluice.Node.Notify;
using Sluice.Store;
using Sluice.Store.Sqlite;

namespace Sluice.Node.Hosting;

/// <summary>One AddSluice… extension per area, as the host composes them.</summary>
public static class ServiceRegistration
{
    public static IServiceCollection AddSluiceOptions(
        this IServiceCollection services,
        IConfiguration configuration
    )
    {
        Bind<NodeOptions>(services, configuration, NodeOptions.Section);
        Bind<PathsOptions>(services, configuration, PathsOptions.Section);
        Bind<ApiOptions>(services, configuration, ApiOptions.Section);
        Bind<EngineOptions>(services, configuration, EngineOptions.Section);
        Bind<StagesOptions>(services, configuration, StagesOptions.Section);
        Bind<IncomingOptions>(services, configuration, IncomingOptions.Section);
        Bind<VaultOptions>(services, configuration, VaultOptions.Section);
        Bind<TierOptions>(services, configuration, TierOptions.Section);
        Bind<EncodeOptions>(services, configuration, EncodeOptions.Section);
        Bind<NotifyOptions>(services, configuration, NotifyOptions.Section);
        var validation = new OptionsValidation();
        services.AddSingleton<IValidateOptions<NodeOptions>>(validation);
        services.AddSingleton<IValidateOptions<ApiOptions>>(validation);
        services.AddSingleton<IValidateOptions<EngineOptions>>(validation);
        services.AddSingleton<IValidateOptions<StagesOptions>>(validation);
        services.AddSingleton<IValidateOptions<IncomingOptions>>(validation);
        services.AddSingleton<IValidateOptions<VaultOptions>>(validation);
        services.AddSingleton<IValidateOptions<TierOptions>>(validation);
        services.AddSingleton<IValidateOptions<NotifyOptions>>(validation);
        services.AddSingleton(sp =>
            NodePaths.From(sp.GetRequiredService<IOptions<PathsOptions>>().Value)
        );
        return services;
    }

    private static void Bind<T>(
        IServiceCollection services,
        IConfiguration configuration,
        string section
    )
        where T : class =>
        services
            .AddOptions<T>()
            .Bind(configuration.GetSection(section), o => o.ErrorOnUnknownConfiguration = true)
            .ValidateOnStart();

    public static IServiceCollection AddSluiceStore(this IServiceCollection services)
    {
        services.AddSingleton(sp =>
        {
            var engine = sp.GetRequiredService<IOptions<EngineOptions>>().Value;
            var stages = sp.GetRequiredService<IOptions<StagesOptions>>().Value;
            var notify = sp.GetRequiredService<IOptions<NotifyOptions>>().Value;
            static StepPolicy Policy(Step step, StageOptions stage) =>
                new(EnginePolicy.QueueOf(step), EnginePolicy.RoleOf(step), stage.MaxAttempts);
            return new EnginePolicy
            {
                Steps = new Dictionary<Step, StepPolicy>
                {
                    [Step.Sanitize] = Policy(Step.Sanitize, stages.Sanitize),
                    [Step.Vault] = Policy(Step.Vault, stages.Vault),
                    [Step.Tier] = Policy(Step.Tier, stages.Tier),
                    [Step.Encode] = Policy(Step.Encode, stages.Encode),
                    [Step.VaultEncoded] = Policy(Step.VaultEncoded, stages.Vault),
                    [Step.Notify] = Policy(Step.Notify, stages.Notify),
                },
                Backoff = new Backoff(engine.RetryBackoffBase, engine.RetryBackoffMax),
                NotifyChannels = notify.Channels,
            };
        });
        services.AddSingleton<IStoreDialect>(sp => new SqliteDialect(
            sp.GetRequiredService<NodePaths>().Database,
            sp.GetRequiredService<TimeProvider>()
        ));
        services.AddSingleton(sp => new EngineStore(
            sp.GetRequiredService<IStoreDialect>(),
            sp.GetRequiredService<EnginePolicy>(),
            sp.GetRequiredService<TimeProvider>()
        ));
        return services;
    }

    public static IServiceCollection AddSluiceIncoming(this IServiceCollection services)
    {
        services.AddSingleton<Ingestor>();
        services.AddHostedService<IncomingWatcher>();
        return services;
    }
}
