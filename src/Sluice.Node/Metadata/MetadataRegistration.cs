using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Sluice.Node.Metadata;

/// <summary>
/// Registers the metadata lookups. The host supplies <see cref="IMetadataCache"/> (on the
/// database) and <see cref="TimeProvider"/>.
/// </summary>
public static class MetadataRegistration
{
    public static IServiceCollection AddSluiceMetadata(
        this IServiceCollection services,
        IConfiguration configuration
    )
    {
        services
            .AddOptions<MetadataOptions>()
            .Bind(
                configuration.GetSection(MetadataOptions.Section),
                o => o.ErrorOnUnknownConfiguration = true
            )
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<MetadataOptions>, MetadataOptionsValidation>();
        services.TryAddSingleton(TimeProvider.System);

        // Singletons, because each client owns its provider's rate limiter and "down" switch
        // (a typed HttpClient would be transient). Hence an own handler that recycles its
        // connections, so DNS changes still reach a long-lived client; and no
        // IHttpClientFactory logging, which would be one more place headers could leak from.
        services.AddSingleton(sp => new AniListClient(
            Http(sp),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IOptions<MetadataOptions>>(),
            sp.GetRequiredService<ILogger<AniListClient>>()
        ));
        services.AddSingleton(sp => new TmdbClient(
            Http(sp),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IOptions<MetadataOptions>>(),
            sp.GetRequiredService<ILogger<TmdbClient>>()
        ));
        services.AddSingleton(sp => new MyAnimeListClient(
            Http(sp),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IOptions<MetadataOptions>>(),
            sp.GetRequiredService<ILogger<MyAnimeListClient>>()
        ));
        services.AddSingleton<MetadataService>();
        return services;
    }

    private static HttpClient Http(IServiceProvider sp)
    {
        var options = sp.GetRequiredService<IOptions<MetadataOptions>>().Value;
        var handler = new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(15),
            ConnectTimeout = options.Timeout,
        };
        var http = new HttpClient(handler, disposeHandler: true)
        {
            // The lookup's own timeout (on the injected clock) is the one that counts; this is
            // the backstop on the real clock.
            Timeout = options.Timeout + TimeSpan.FromSeconds(5),
        };
        http.DefaultRequestHeaders.UserAgent.ParseAdd("Sluice/1.0 (+metadata)");
        return http;
    }
}
