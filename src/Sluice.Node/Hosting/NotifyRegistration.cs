using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sluice.Node.Configuration;
using Sluice.Node.Notify;
using Sluice.Node.Notify.Audience;

namespace Sluice.Node.Hosting;

public static class NotifyRegistration
{
    /// <summary>The notify step's parts: one HTTP client, the rate-limit memory, the channels and their sender.</summary>
    public static IServiceCollection AddSluiceNotify(this IServiceCollection services)
    {
        services
            .AddHttpClient("notify")
            .ConfigurePrimaryHttpMessageHandler(sp => new SocketsHttpHandler
            {
                // A connection that cannot be made surfaces as such (nothing was sent) instead
                // of as the request's timeout (which may have delivered).
                ConnectTimeout = TimeSpan.FromSeconds(10),
            });
        services.AddSingleton<RateLimitGate>();
        services.AddSingleton(sp =>
        {
            var notify = sp.GetRequiredService<IOptions<NotifyOptions>>().Value;
            var http = sp.GetRequiredService<IHttpClientFactory>().CreateClient("notify");
            http.Timeout = notify.Timeout;
            return new WebhookSender(
                http,
                sp.GetRequiredService<RateLimitGate>(),
                notify.MaxInlineRetryAfter,
                sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ILogger<WebhookSender>>()
            );
        });
        services.AddSingleton(sp =>
        {
            var notify = sp.GetRequiredService<IOptions<NotifyOptions>>();
            var http = sp.GetRequiredService<IHttpClientFactory>().CreateClient("notify");
            http.Timeout = notify.Value.Timeout;
            return new NotifyChannels(
                notify,
                sp.GetRequiredService<WebhookSender>(),
                http,
                sp.GetRequiredService<NodePaths>().Library,
                sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ILogger<PlexChannel>>()
            );
        });
        services.AddSingleton<WatchLists>();
        services.AddSingleton<AnnouncementAudience>();
        services.AddSingleton<ChannelDispatcher>();
        return services;
    }
}
