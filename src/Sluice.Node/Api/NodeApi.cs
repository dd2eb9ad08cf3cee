using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Sluice.Domain.Items;
using Sluice.Node.Api.Events;
using Sluice.Node.Configuration;
using Sluice.Node.Dashboard;
using Sluice.Node.Engine;
using Sluice.Node.Metrics;
using Sluice.Node.Submissions;
using Sluice.Store;

namespace Sluice.Node.Api;

/// <summary>The node's HTTP API under /api, behind the bearer token when one is configured.</summary>
public static class NodeApi
{
    public static WebApplication MapSluiceApi(this WebApplication app)
    {
        var api = app.MapGroup("/api");
        api.AddEndpointFilter(CrossSite.RefuseAsync);
        api.AddEndpointFilter(RequireToken);
        api.MapItems();
        api.MapSubmit();
        api.MapItemTiering();
        api.MapGet("/health", HealthAsync);
        api.MapCluster();
        api.MapNotify();
        api.MapEvents();
        api.MapStats();
        api.MapMounts();
        Library.LibraryApi.MapLibrary(api);
        app.MapMetrics().AddEndpointFilter(RequireToken);
        app.MapDashboard();
        return app;
    }

    private static async Task<IResult> HealthAsync(
        EngineStore store,
        NodeState node,
        NodePaths paths,
        Incoming.IncomingProblems problems,
        Health.LocationMonitor locations,
        Secrets.SecretScrubber secrets,
        CancellationToken ct
    )
    {
        var counts = await store.CountByStateAsync(ct);
        return TypedResults.Ok(
            new
            {
                node = node.Name,
                incoming = paths.Incoming,
                library = paths.Library,
                items = counts.ToDictionary(c => Names.Of(c.Key), c => c.Value),
                locations = locations.Locations.Select(l =>
                    l with
                    {
                        Problem = secrets.ScrubOrNull(l.Problem),
                    }
                ),
                backPressure = locations.BackPressure,
                pausedHere = ClusterApi
                    .Stages.Append("incoming")
                    .Where(q => locations.ClosedReason(q) is not null)
                    .ToDictionary(q => q, q => locations.ClosedReason(q)),
                incomingProblems = problems.All.Select(p => new
                {
                    path = p.Path,
                    reason = p.Reason,
                }),
                quarantinedChannels = (await store.ChannelStatesAsync(ct))
                    .Where(c => c.QuarantinedAt is not null)
                    .Select(c => new
                    {
                        channel = c.Channel,
                        since = c.QuarantinedAt,
                        reason = secrets.ScrubOrNull(c.QuarantineReason),
                        waiting = c.Waiting,
                    }),
            }
        );
    }

    /// <summary>Default-deny once a token is set: every request must present it; compared in constant time.</summary>
    private static async ValueTask<object?> RequireToken(
        EndpointFilterInvocationContext context,
        EndpointFilterDelegate next
    )
    {
        var expected = context
            .HttpContext.RequestServices.GetRequiredService<IOptions<ApiOptions>>()
            .Value.Token;
        if (string.IsNullOrEmpty(expected))
        {
            return await next(context);
        }

        var header = context.HttpContext.Request.Headers.Authorization.ToString();
        var presented = header.StartsWith("Bearer ", StringComparison.Ordinal)
            ? header["Bearer ".Length..]
            : "";
        return CryptographicOperations.FixedTimeEquals(
            Encoding.UTF8.GetBytes(presented),
            Encoding.UTF8.GetBytes(expected)
        )
            ? await next(context)
            : TypedResults.Json(
                new ApiError("Missing or wrong bearer token (SLUICE_TOKEN)."),
                statusCode: StatusCodes.Status401Unauthorized
            );
    }
}
