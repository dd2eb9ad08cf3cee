using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using Sluice.Node.Configuration;
using Sluice.Node.Notify.Audience;
using Sluice.Node.Secrets;
using Sluice.Store;

namespace Sluice.Node.Api;

/// <summary>The notification channels: their health and waiting messages, and an operator's release.</summary>
public static class NotifyApi
{
    public static RouteGroupBuilder MapNotify(this RouteGroupBuilder api)
    {
        api.MapGet(
            "/notify/channels",
            async (
                EngineStore store,
                IOptions<NotifyOptions> notify,
                SecretScrubber secrets,
                AnnouncementAudience audience,
                TimeProvider time,
                CancellationToken ct
            ) =>
                TypedResults.Ok(
                    await ChannelsAsync(store, notify.Value, secrets, audience, time, ct)
                )
        );
        api.MapPost("/notify/channels/{channel}/release", ReleaseAsync);
        api.MapNotifyAudience();
        return api;
    }

    /// <summary>
    /// Every channel this node is configured with or the cluster has used, with its state. Only
    /// names, states and scrubbed errors: never a URL, token or key.
    /// </summary>
    public static async Task<IReadOnlyList<NotifyChannelView>> ChannelsAsync(
        EngineStore store,
        NotifyOptions notify,
        SecretScrubber secrets,
        AnnouncementAudience audience,
        TimeProvider time,
        CancellationToken ct
    )
    {
        var states = (await store.ChannelStatesAsync(ct)).ToDictionary(s => s.Channel);
        var configured = notify.Channels.ToHashSet(StringComparer.Ordinal);
        var views = new List<NotifyChannelView>();
        foreach (var name in configured.Union(states.Keys).Order(StringComparer.Ordinal))
        {
            var state = states.GetValueOrDefault(name);
            // Only a channel with messages waiting can be holding them.
            var holding = state?.Waiting > 0 ? await audience.HoldingAsync(name, ct) : null;
            views.Add(
                NotifyChannelView.From(
                    name,
                    state,
                    configured.Contains(name),
                    holding,
                    time.GetUtcNow(),
                    secrets
                )
            );
        }

        return views;
    }

    private static async Task<Results<Ok<ActionView>, NotFound<ApiError>>> ReleaseAsync(
        string channel,
        EngineStore store,
        IOptions<NotifyOptions> notify,
        SecretScrubber secrets,
        AnnouncementAudience audience,
        Engine.WakeUps wakeUps,
        TimeProvider time,
        CancellationToken ct
    )
    {
        var known = await ChannelsAsync(store, notify.Value, secrets, audience, time, ct);
        if (known.All(c => c.Name != channel))
        {
            return TypedResults.NotFound(
                new ApiError(
                    $"No notification channel '{channel}'; known: {string.Join(", ", known.Select(c => c.Name))}.",
                    NotFound: true
                )
            );
        }

        var released = await store.ReleaseChannelAsync(channel, ct);
        if (released)
        {
            // Other nodes hear of it through the database; this one's workers need not poll.
            wakeUps.Poke(store.Policy.For(Domain.Items.Step.Notify).Queue);
        }

        return TypedResults.Ok(
            new ActionView(
                released
                    ? $"channel {channel} released: its waiting messages go out now, in order"
                    : $"channel {channel} was neither quarantined nor backing off"
            )
        );
    }
}

/// <summary>A notification channel as the cluster sees it.</summary>
/// <param name="State">
/// "ok", "backing off" (until <paramref name="RetryAt"/>), "quarantined" (until released) or
/// "holding" (a list filter never fetched; <paramref name="Holding"/> says which and why).
/// </param>
/// <param name="Waiting">Messages owed to items still at the notify step.</param>
/// <param name="Configured">Whether this node's configuration lists the channel.</param>
public sealed record NotifyChannelView(
    string Name,
    string Kind,
    string State,
    int Failures,
    DateTimeOffset? RetryAt,
    DateTimeOffset? QuarantinedAt,
    string? QuarantineReason,
    string? LastError,
    long Waiting,
    DateTimeOffset? OldestWaitingSince,
    bool Configured,
    string? Holding
)
{
    public static NotifyChannelView From(
        string name,
        ChannelState? state,
        bool configured,
        string? holding,
        DateTimeOffset now,
        SecretScrubber secrets
    ) =>
        new(
            name,
            name.Split(':', 2)[0],
            state?.QuarantinedAt is not null ? "quarantined"
                : state?.RetryAt > now ? "backing off"
                : holding is not null ? "holding"
                : "ok",
            state?.Failures ?? 0,
            state?.RetryAt > now ? state.RetryAt : null,
            state?.QuarantinedAt,
            secrets.ScrubOrNull(state?.QuarantineReason),
            secrets.ScrubOrNull(state?.LastError),
            state?.Waiting ?? 0,
            state?.OldestWaitingSince,
            configured,
            secrets.ScrubOrNull(holding)
        );
}
