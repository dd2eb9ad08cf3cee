using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Sluice.Node.Configuration;
using Sluice.Node.Notify.Audience;
using Sluice.Store;

namespace Sluice.Node.Api;

/// <summary>Who is mentioned in which show's Discord announcements.</summary>
public static partial class NotifyAudienceApi
{
    private static async Task<Ok<IReadOnlyList<NotifySubscriptionView>>> SubscriptionsAsync(
        AnnouncementAudience audience,
        CancellationToken ct
    ) =>
        TypedResults.Ok<IReadOnlyList<NotifySubscriptionView>>([
            .. (await audience.SubscriptionsAsync(ct)).Select(s => new NotifySubscriptionView(
                s.Show.Text,
                s.Mention.Text,
                s.Channel,
                s.Configured
            )),
        ]);

    private static async Task<Results<Ok<ActionView>, BadRequest<ApiError>>> SubscribeAsync(
        string show,
        string mention,
        string? channel,
        EngineStore store,
        IOptions<NotifyOptions> notify,
        IOptions<Metadata.MetadataOptions> metadata,
        CancellationToken ct
    )
    {
        if (SubscriptionError(show, mention, channel, notify.Value, metadata.Value) is { } error)
        {
            return TypedResults.BadRequest(new ApiError(error));
        }

        var (target, who) = (ShowRef.Parse(show, out _)!, Mention.Parse(mention, out _)!);
        var added = await store.AddSubscriptionAsync(target.Text, who.Text, channel ?? "", ct);
        var where = string.IsNullOrEmpty(channel) ? "every Discord channel" : channel;
        return TypedResults.Ok(
            new ActionView(
                added
                    ? $"{who.Text} is mentioned when {target.Text} is announced on {where}"
                    : $"{who.Text} was already subscribed to {target.Text} on {where}"
            )
        );
    }

    private static async Task<
        Results<Ok<ActionView>, NotFound<ApiError>, Conflict<ApiError>>
    > UnsubscribeAsync(
        string show,
        string mention,
        string? channel,
        EngineStore store,
        AnnouncementAudience audience,
        CancellationToken ct
    )
    {
        var target = ShowRef.Parse(show, out _)?.Text ?? show;
        var who = Mention.Parse(mention, out _)?.Text ?? mention;
        var configured = (await audience.SubscriptionsAsync(ct)).Any(s =>
            s.Configured
            && s.Show.Text == target
            && s.Mention.Text == who
            && s.Channel == (string.IsNullOrEmpty(channel) ? null : channel)
        );
        if (configured)
        {
            return TypedResults.Conflict(
                new ApiError(
                    $"{who} on {target} comes from the configuration (Notify:Subscriptions): change it there."
                )
            );
        }

        return await store.RemoveSubscriptionAsync(target, who, channel ?? "", ct)
            ? TypedResults.Ok(new ActionView($"{who} is no longer mentioned for {target}"))
            : TypedResults.NotFound(
                new ApiError(
                    $"No subscription of {who} to {target}{(string.IsNullOrEmpty(channel) ? "" : $" on {channel}")} added by ctl.",
                    NotFound: true
                )
            );
    }

    /// <summary>Why ctl may not add this subscription, or null.</summary>
    public static string? SubscriptionError(
        string show,
        string mention,
        string? channel,
        NotifyOptions notify,
        Metadata.MetadataOptions metadata
    )
    {
        if (ShowRef.Parse(show, out var why) is not { } target)
        {
            return why;
        }

        if (Mention.Parse(mention, out why) is null)
        {
            return why;
        }

        if (
            !string.IsNullOrEmpty(channel)
            && notify.Discord.All(d => $"discord:{d.Name}" != channel)
        )
        {
            return $"'{channel}' is not a configured Discord channel (mentions are Discord's); known: {string.Join(", ", notify.Discord.Select(d => $"discord:{d.Name}"))}.";
        }

        return
            target.List?.Kind == SourceKind.MyAnimeList
            && string.IsNullOrWhiteSpace(metadata.MyAnimeList.ClientId)
            ? "A MyAnimeList list needs Metadata:MyAnimeList:ClientId on the notify nodes."
            : null;
    }
}

/// <summary>A subscription: <paramref name="Channel"/> null for every Discord channel; configured ones are read-only.</summary>
public sealed record NotifySubscriptionView(
    string Show,
    string Mention,
    string? Channel,
    bool Configured
);

/// <summary>A channel's filter source; for a list, how its last fetch went.</summary>
public sealed record NotifyFilterView(
    string Channel,
    string Source,
    string Kind,
    bool Configured,
    int? Shows,
    DateTimeOffset? FetchedAt,
    string? ListError
)
{
    public static NotifyFilterView From(
        string channel,
        FilterSource source,
        bool configured,
        StoredWatchList? list
    ) =>
        new(
            channel,
            source.Text,
            source.Kind.ToString().ToLowerInvariant(),
            configured,
            list?.Entries is { } json
                ? WatchList.Deserialize(source.Kind, json)?.Entries.Count
                : null,
            list?.FetchedAt,
            list?.Error
        );
}
