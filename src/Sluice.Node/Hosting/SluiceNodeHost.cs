using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using Sluice.Domain.Items;
using Sluice.Node.Api;
using Sluice.Node.Configuration;
using Sluice.Node.Library;
using Sluice.Node.Metadata;
using Sluice.Node.Mounts;
using Sluice.Node.Secrets;

namespace Sluice.Node.Hosting;

/// <summary>Builds a node: configuration, the engine, the stages, the watcher and the API.</summary>
public static class SluiceNodeHost
{
    public static WebApplication Build(NodeLaunch launch)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Configuration.Sources.Clear();
        AddSources(builder.Configuration, launch);

        builder.Logging.ClearProviders();
        builder
            .Logging.AddConsole(o => o.FormatterName = ScrubbingConsoleFormatter.Name)
            .AddConsoleFormatter<ScrubbingConsoleFormatter, ConsoleFormatterOptions>();
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
        builder.Logging.AddFilter("System.Net.Http", LogLevel.Warning);

        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<SecretScrubber>();
        builder.Services.AddSluiceOptions(builder.Configuration);
        if (launch.Roles is { } roles)
        {
            builder.Services.PostConfigure<NodeOptions>(o => o.Roles = [.. roles]);
        }

        builder.Services.AddSluiceStore();
        builder.Services.AddSluiceEngine();
        builder.Services.AddSluiceStages();
        builder.Services.AddSluiceTier();
        builder.Services.AddSluiceIncoming();
        builder.Services.AddSluiceMounts();
        builder.Services.AddSluiceMetadata(builder.Configuration);
        builder.Services.AddSingleton<Metadata.IMetadataCache, Metadata.StoreMetadataCache>();
        builder.Services.AddSluiceApi();
        builder.Services.AddSluiceLibrary();
        builder.Services.ConfigureHttpJsonOptions(o =>
        {
            foreach (var converter in ItemJson.Options.Converters)
            {
                o.SerializerOptions.Converters.Add(converter);
            }
        });

        var listenAddress = ListenAddress.TryParse(
            builder.Configuration[$"{ApiOptions.Section}:Listen"] ?? new ApiOptions().Listen,
            out var parsed
        )
            ? parsed
            : null;
        if (listenAddress is not null)
        {
            builder.WebHost.UseUrls(listenAddress.Url);
        }

        var app = builder.Build();
        app.MapSluiceApi();
        WarnOfTwoTokens(app, launch);
        return app;
    }

    /// <summary>
    /// The configuration sources, lowest precedence first: SLUICE_TOKEN (the token ctl uses,
    /// read as Api:Token), the JSON file, SLUICE_* variables, flags.
    /// </summary>
    public static void AddSources(IConfigurationBuilder configuration, NodeLaunch launch)
    {
        if (!string.IsNullOrEmpty(launch.SharedToken))
        {
            configuration.AddInMemoryCollection(
                new Dictionary<string, string?>
                {
                    [$"{ApiOptions.Section}:Token"] = launch.SharedToken,
                }
            );
        }

        if (launch.ConfigFile is { } file)
        {
            configuration.AddJsonFile(
                Path.GetFullPath(file),
                optional: false,
                reloadOnChange: false
            );
        }

        configuration.Add(new NodeEnvironmentSource());
        var flags = new Dictionary<string, string?>(launch.Overrides);
        if (launch.DataDirectory is { } data)
        {
            flags[$"{PathsOptions.Section}:Data"] = data;
        }

        if (launch.Listen is { } listen)
        {
            flags[$"{ApiOptions.Section}:Listen"] = listen;
        }

        configuration.AddInMemoryCollection(flags);
    }

    /// <summary>Api:Token wins over SLUICE_TOKEN; when they differ, ctl on this machine would be refused, so say so (without either value).</summary>
    private static void WarnOfTwoTokens(WebApplication app, NodeLaunch launch)
    {
        var token = app.Configuration[$"{ApiOptions.Section}:Token"];
        if (!string.IsNullOrEmpty(launch.SharedToken) && token != launch.SharedToken)
        {
            app.Logger.LogWarning(
                "Api:Token and SLUICE_TOKEN are both set and differ: the node takes Api:Token, so a ctl that sends SLUICE_TOKEN is refused"
            );
        }
    }

    /// <summary>The naming templates a node with this configuration would use (for `sluice parse`).</summary>
    public static Domain.Naming.NamingTemplates NamingTemplatesOf(NodeLaunch launch)
    {
        var configuration = new ConfigurationBuilder();
        AddSources(configuration, launch);
        var naming = new NamingOptions();
        configuration
            .Build()
            .GetSection(NamingOptions.Section)
            .Bind(naming, o => o.ErrorOnUnknownConfiguration = true);
        return naming.ToTemplates();
    }

    /// <summary>Validates every options class now, so a bad config stops the node before anything starts.</summary>
    public static void ValidateConfiguration(IServiceProvider services)
    {
        _ = services.GetRequiredService<IOptions<NodeOptions>>().Value;
        _ = services.GetRequiredService<IOptions<StoreOptions>>().Value;
        _ = services.GetRequiredService<IOptions<ApiOptions>>().Value;
        _ = services.GetRequiredService<IOptions<EngineOptions>>().Value;
        _ = services.GetRequiredService<IOptions<StagesOptions>>().Value;
        _ = services.GetRequiredService<IOptions<IncomingOptions>>().Value;
        _ = services.GetRequiredService<IOptions<VaultOptions>>().Value;
        _ = services.GetRequiredService<IOptions<TierOptions>>().Value;
        _ = services.GetRequiredService<IOptions<EncodeOptions>>().Value;
        _ = services.GetRequiredService<IOptions<NotifyOptions>>().Value;
        _ = services.GetRequiredService<IOptions<NamingOptions>>().Value;
        _ = services.GetRequiredService<IOptions<Metadata.MetadataOptions>>().Value;
        _ = services.GetRequiredService<IOptions<MountsOptions>>().Value;
    }
}
