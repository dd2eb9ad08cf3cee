using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Sluice.Node.Library;

public static class LibraryRegistration
{
    /// <summary>The library tools: the planner the API asks, and the worker that applies plans.</summary>
    public static IServiceCollection AddSluiceLibrary(this IServiceCollection services)
    {
        services.AddSingleton<LibraryPlanner>();
        services.AddSingleton<LibraryExecutor>();
        services.AddSingleton<IHostedService, LibraryWorker>();
        return services;
    }
}
