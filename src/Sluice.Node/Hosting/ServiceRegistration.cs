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
using Sluice.Store.Postgres;
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
        Bind<StoreOptions>(services, configuration, StoreOptions.Section);
        Bind<PathsOptions>(services, configuration, PathsOptions.Section);
        Bind<ApiOptions>(services, configuration, ApiOptions.Section);
        Bind<EngineOptions>(services, configuration, EngineOptions.Section);
        Bind<StagesOptions>(services, configuration, StagesOptions.Section);
        Bind<IncomingOptions>(services, configuration, IncomingOptions.Section);
        Bind<VaultOptions>(services, configuration, VaultOptions.Section);
        Bind<TierOptions>(services, configuration, TierOptions.Section);
        Bind<EncodeOptions>(services, configuration, EncodeOptions.Section);
        Bind<NotifyOptions>(services, configuration, NotifyOptions.Section);
        Bind<NamingOptions>(services, configuration, NamingOptions.Section);
        Bind<Health.HealthOptions>(services, configuration, Health.HealthOptions.Section);
        Bind<Mounts.MountsOptions>(services, configuration, Mounts.MountsOptions.Section);
        services.AddSingleton<
            IValidateOptions<Mounts.MountsOptions>,
            Mounts.MountsOptionsValidation
        >();
        services.AddSingleton<
            IValidateOptions<Health.HealthOptions>,
            Health.HealthOptionsValidation
        >();
        var validation = new OptionsValidation();
        services.AddSingleton<IValidateOptions<NodeOptions>>(validation);
        services.AddSingleton<IValidateOptions<StoreOptions>>(validation);
        services.AddSingleton<IValidateOptions<ApiOptions>>(validation);
        services.AddSingleton<IValidateOptions<EngineOptions>>(validation);
        services.AddSingleton<IValidateOptions<StagesOptions>>(validation);
        services.AddSingleton<IValidateOptions<IncomingOptions>>(validation);
        services.AddSingleton<IValidateOptions<VaultOptions>>(validation);
        services.AddSingleton<IValidateOptions<NotifyOptions>>(validation);
        services.AddSingleton<IValidateOptions<NotifyOptions>, NotifyUrlsValidation>();
        services.AddSingleton<IValidateOptions<NotifyOptions>, NotifyOptionsValidation>();
        services.AddSingleton<IValidateOptions<NamingOptions>, NamingValidation>();
        services.AddSingleton<IValidateOptions<EncodeOptions>, EncodeOptionsValidation>();
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
            return new EnginePolicy
            {
                Steps = Names.Steps.ToDictionary(
                    step => step,
                    step => new StepPolicy(
                        Placement.QueueOf(step),
                        Placement.RoleOf(step),
                        stages.ForQueue(Placement.QueueOf(step)).MaxAttempts
                    )
                ),
                Backoff = new Backoff(engine.RetryBackoffBase, engine.RetryBackoffMax),
                NotifyChannels = notify.Channels,
                RefreshChannels = notify.RefreshChannels,
            };
        });
        services.AddSingleton<IStoreDialect>(sp =>
            sp.GetRequiredService<IOptions<StoreOptions>>().Value.Postgres
                is { Length: > 0 } postgres
                ? new PostgresDialect(postgres)
                : new SqliteDialect(
                    sp.GetRequiredService<NodePaths>().Database,
                    sp.GetRequiredService<TimeProvider>()
                )
        );
        services.AddSingleton(sp => new EngineStore(
            sp.GetRequiredService<IStoreDialect>(),
            sp.GetRequiredService<EnginePolicy>(),
            sp.GetRequiredService<TimeProvider>()
        ));
        return services;
    }

    public static IServiceCollection AddSluiceIncoming(this IServiceCollection services)
    {
        services.AddSingleton<Health.LocationMonitor>();
        services.AddSingleton<IHostedService>(sp =>
            sp.GetRequiredService<Health.LocationMonitor>()
        );
        services.AddSingleton<Ingestor>();
        services.AddSingleton<IncomingProblems>();
        services.AddSingleton<IHostedService>(sp =>
            sp.GetRequiredService<NodeState>().Has(Roles.Ingest)
                ? ActivatorUtilities.CreateInstance<IncomingWatcher>(sp)
                : new Idle()
        );
        return services;
    }

    /// <summary>Stands in for a service this node's roles leave out.</summary>
    private sealed class Idle : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
