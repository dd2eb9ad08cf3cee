using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Sluice.Node.Configuration;
using Sluice.Node.Tier;

namespace Sluice.Node.Hosting;

/// <summary>Tiering's own services beside the stage registrations: the volume map and the watermark checks.</summary>
public static class TierRegistration
{
    public static IServiceCollection AddSluiceTier(this IServiceCollection services)
    {
        services.AddSingleton<IVolumeMap>(new MountInfoVolumes());
        services.AddSingleton<IValidateOptions<TierOptions>, TierOptionsValidation>();
        return services;
    }
}
