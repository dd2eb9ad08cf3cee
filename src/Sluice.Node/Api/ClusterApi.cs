using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using Sluice.Domain.Items;
using Sluice.Node.Configuration;
using Sluice.Node.Vault;
using Sluice.Store;

namespace Sluice.Node.Api;

/// <summary>The cluster: nodes with their roles and health, queues with their controls; drain, down, pause, limit.</summary>
public static class ClusterApi
{
    /// <summary>The stages an operator can pause or cap: the queues.</summary>
    public static IReadOnlyList<string> Stages { get; } =
    [.. Names.Steps.Select(Placement.QueueOf).Distinct()];

    public static RouteGroupBuilder MapCluster(this RouteGroupBuilder api)
    {
        api.MapGet("/cluster", ShowAsync);
        api.MapPost(
            "/nodes/{name}/drain",
            (string name, EngineStore store, CancellationToken ct) =>
                DrainAsync(name, true, store, ct)
        );
        api.MapPost(
            "/nodes/{name}/undrain",
            (string name, EngineStore store, CancellationToken ct) =>
                DrainAsync(name, false, store, ct)
        );
        api.MapPost("/nodes/{name}/down", DownAsync);
        api.MapPost(
            "/stages/{stage}/pause",
            (string stage, EngineStore store, CancellationToken ct) =>
                PauseAsync(stage, true, store, ct)
        );
        api.MapPost(
            "/stages/{stage}/resume",
            (string stage, EngineStore store, CancellationToken ct) =>
                PauseAsync(stage, false, store, ct)
        );
        api.MapPost("/stages/{stage}/limit", LimitAsync);
        api.MapPost("/destinations/{name}/resume", ResumeDestinationAsync);
        return api;
    }

    private static async Task<Ok<ClusterView>> ShowAsync(
        EngineStore store,
        IOptions<EngineOptions> engine,
        VaultDestinations destinations,
        IOptions<NotifyOptions> notify,
        Secrets.SecretScrubber secrets,
        Notify.Audience.AnnouncementAudience audience,
        TimeProvider time,
        CancellationToken ct
    )
    {
        var nodes = await store.ListNodesAsync(engine.Value.LeaseDuration, ct);
        var queues = await store.ListQueuesAsync(Stages, ct);
        var states = await store.DestinationStatesAsync(ct);
        return TypedResults.Ok(
            new ClusterView(
                [.. nodes.Select(NodeSummaryView.From)],
                queues,
                [
                    .. destinations.All.Select(d =>
                        DestinationView.From(
                            d,
                            states.FirstOrDefault(s => s.Destination == d.Name),
                            time.GetUtcNow()
                        )
                    ),
                ],
                await NotifyApi.ChannelsAsync(store, notify.Value, secrets, audience, time, ct)
            )
        );
    }

    private static async Task<Results<Ok<ActionView>, NotFound<ApiError>>> ResumeDestinationAsync(
        string name,
        EngineStore store,
        VaultDestinations destinations,
        CancellationToken ct
    )
    {
        if (destinations.Named(name) is null)
        {
            return TypedResults.NotFound(
                new ApiError(
                    $"No vault destination named '{name}'; configured: {string.Join(", ", destinations.All.Select(d => d.Name))}.",
                    NotFound: true
                )
            );
        }

        return TypedResults.Ok(
            new ActionView(
                await store.ResumeDestinationAsync(name, ct)
                    ? $"destination {name} resumed: its waiting uploads run at their next retry"
                    : $"destination {name} was not paused"
            )
        );
    }

    private static async Task<Results<Ok<ActionView>, NotFound<ApiError>>> DrainAsync(
        string name,
        bool draining,
        EngineStore store,
        CancellationToken ct
    ) =>
        await store.SetDrainingAsync(name, draining, ct)
            ? TypedResults.Ok(
                new ActionView(
                    $"node {name} {(draining ? "drains: it finishes running jobs and claims nothing new" : "claims work again")}"
                )
            )
            : TypedResults.NotFound(new ApiError($"No node named '{name}'.", NotFound: true));

    private static async Task<Results<Ok<ActionView>, NotFound<ApiError>>> DownAsync(
        string name,
        EngineStore store,
        IOptions<EngineOptions> engine,
        CancellationToken ct
    )
    {
        if ((await store.ListNodesAsync(engine.Value.LeaseDuration, ct)).All(n => n.Name != name))
        {
            return TypedResults.NotFound(new ApiError($"No node named '{name}'.", NotFound: true));
        }

        var expired = await store.DownNodeAsync(name, ct);
        return TypedResults.Ok(
            new ActionView(
                $"node {name} is down: {expired} running jobs handed back to other nodes"
            )
        );
    }

    private static async Task<Results<Ok<ActionView>, NotFound<ApiError>>> PauseAsync(
        string stage,
        bool paused,
        EngineStore store,
        CancellationToken ct
    )
    {
        if (!Stages.Contains(stage))
        {
            return TypedResults.NotFound(UnknownStage(stage));
        }

        await store.SetPausedAsync(stage, paused, ct);
        return TypedResults.Ok(
            new ActionView($"stage {stage} {(paused ? "paused on every node" : "resumed")}")
        );
    }

    private static async Task<
        Results<Ok<ActionView>, NotFound<ApiError>, BadRequest<ApiError>>
    > LimitAsync(string stage, int? max, EngineStore store, CancellationToken ct)
    {
        if (!Stages.Contains(stage))
        {
            return TypedResults.NotFound(UnknownStage(stage));
        }

        if (max is < 1)
        {
            return TypedResults.BadRequest(
                new ApiError("A limit is at least 1; leave it out to remove the limit.")
            );
        }

        await store.SetLimitAsync(stage, max, ct);
        return TypedResults.Ok(
            new ActionView(
                max is { } n
                    ? $"stage {stage}: at most {n} running across the cluster"
                    : $"stage {stage}: no cluster limit"
            )
        );
    }

    private static ApiError UnknownStage(string stage) =>
        new($"No stage '{stage}'; use one of: {string.Join(", ", Stages)}.", NotFound: true);
}

public sealed record ClusterView(
    IReadOnlyList<NodeSummaryView> Nodes,
    IReadOnlyList<QueueView> Stages,
    IReadOnlyList<DestinationView> Destinations,
    IReadOnlyList<NotifyChannelView> Channels
);

/// <summary>A vault destination as the cluster sees it: paused or not and why, today's bytes against its cap, its windows.</summary>
public sealed record DestinationView(
    string Name,
    string Remote,
    bool Replica,
    string Verify,
    string? BandwidthLimit,
    bool InWindow,
    DateTimeOffset? WindowOpensAt,
    DateTimeOffset? PausedUntil,
    string? PauseReason,
    long UsedToday,
    long? DailyCap
)
{
    public static DestinationView From(
        VaultDestination destination,
        DestinationState? state,
        DateTimeOffset now
    )
    {
        var schedule = destination.Schedule;
        var opens = now;
        var open = schedule is null || schedule.IsOpen(now, out opens);
        var paused = state?.PausedUntil is { } until && until > now;
        var today = schedule?.DayOf(now);
        return new DestinationView(
            destination.Name,
            destination.Root.Redacted,
            destination.Replica,
            destination.Verify.ToString(),
            destination.BandwidthLimit,
            open,
            open ? null : opens,
            paused ? state!.PausedUntil : null,
            paused ? state!.PauseReason : null,
            state is not null && state.UsageDay == today ? state.UsageBytes : 0,
            schedule?.DailyCap
        );
    }
}

public sealed record NodeSummaryView(
    string Name,
    string Host,
    IReadOnlyList<string> Roles,
    bool Alive,
    bool Draining,
    DateTimeOffset HeartbeatAt,
    DateTimeOffset StartedAt,
    int RunningJobs
)
{
    public static NodeSummaryView From(NodeView node) =>
        new(
            node.Name,
            node.Host,
            node.Roles,
            node.Alive,
            node.Draining,
            node.HeartbeatAt,
            node.StartedAt,
            node.RunningJobs
        );
}

public sealed record ActionView(string Message);
