using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Sluice.Node.Api;

public static class ApiRegistration
{
    /// <summary>The services behind the HTTP API (the endpoints themselves are mapped by <see cref="NodeApi.MapSluiceApi"/>).</summary>
    public static IServiceCollection AddSluiceApi(this IServiceCollection services)
    {
        services.AddSingleton<ItemCommander>();
        services.AddSingleton<Submissions.Submitter>();
        services.AddSingleton<Events.LiveFeed>();
        services.AddHostedService(sp => sp.GetRequiredService<Events.LiveFeed>());
        return services;
    }
}
