using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using Sluice.Node.Configuration;
using Sluice.Node.Notify.Audience;
using Sluice.Store;

namespace Sluice.Node.Api;

/// <summary>
/// Announcement filters and subscriptions: configuration's (read-only here) and the ones ctl
/// adds, which live in the database and take effect on every node's next send.
/// </summary>
public static partial class NotifyAudienceApi
{
    public static RouteGroupBuilder MapNotifyAudience(this RouteGroupBuilder api)
    {
        api.MapGet("/notify/filters", FiltersAsync);
        api.MapPost("/notify/filters", AddFilterAsync);
        api.MapDelete("/notify/filters", RemoveFilterAsync);
        api.MapGet("/notify/subscriptions", SubscriptionsAsync);
        api.MapPost("/notify/subscriptions", SubscribeAsync);
        api.MapDelete("/notify/subscriptions", UnsubscribeAsync);
        return api;
    }

    private static async Task<Ok<IReadOnlyList<NotifyFilterView>>> FiltersAsync(
        EngineStore store,
        IOptions<NotifyOptions> notify,
        CancellationToken ct
    )
    {
        var lists = (await store.WatchListsAsync(ct)).ToDictionary(l => l.Source);
        var configured = notify
            .Value.Filters.SelectMany(f =>
                f.Only.Select(s => (f.Channel, Source: s, Configured: true))
            )
            .Select(f => (f.Channel, Source: FilterSource.Parse(f.Source, out _), f.Configured));
        var stored = (await store.FiltersAsync(ct)).Select(f =>
            (f.Channel, Source: FilterSource.Parse(f.Source, out _), Configured: false)
        );
        return TypedResults.Ok<IReadOnlyList<NotifyFilterView>>([
            .. configured
                .Concat(stored)
                .Where(f => f.Source is not null)
                .DistinctBy(f => (f.Channel, f.Source!.Text))
                .Select(f =>
                    NotifyFilterView.From(
                        f.Channel,
                        f.Source!,
                        f.Configured,
                        lists.GetValueOrDefault(f.Source!.Text)
                    )
                ),
        ]);
    }

    private static async Task<Results<Ok<ActionView>, BadRequest<ApiError>>> AddFilterAsync(
        string channel,
        string source,
        EngineStore store,
        IOptions<NotifyOptions> notify,
        IOptions<Metadata.MetadataOptions> metadata,
        CancellationToken ct
    )
    {
        if (FilterError(channel, source, notify.Value, metadata.Value) is { } error)
        {
            return TypedResults.BadRequest(new ApiError(error));
        }

        var parsed = FilterSource.Parse(source, out _)!;
        var added = await store.AddFilterAsync(channel, parsed.Text, ct);
        return TypedResults.Ok(
            new ActionView(
                added
                    ? $"{channel} now announces only what matches its filters, {parsed} among them"
                    : $"{channel} already had {parsed}"
            )
        );
    }

    private static async Task<
        Results<Ok<ActionView>, NotFound<ApiError>, Conflict<ApiError>>
    > RemoveFilterAsync(
        string channel,
        string source,
        EngineStore store,
        IOptions<NotifyOptions> notify,
        CancellationToken ct
    )
    {
        var text = FilterSource.Parse(source, out _)?.Text ?? source;
        if (
            notify.Value.Filters.Any(f =>
                f.Channel == channel && f.Only.Any(s => FilterSource.Parse(s, out _)?.Text == text)
            )
        )
        {
            return TypedResults.Conflict(
                new ApiError(
                    $"{text} on {channel} comes from the configuration (Notify:Filters): change it there."
                )
            );
        }

        return await store.RemoveFilterAsync(channel, text, ct)
            ? TypedResults.Ok(new ActionView($"{channel} no longer filters on {text}"))
            : TypedResults.NotFound(
                new ApiError($"{channel} has no filter {text} added by ctl.", NotFound: true)
            );
    }

    /// <summary>Why ctl may not add this filter, or null.</summary>
    public static string? FilterError(
        string channel,
        string source,
        NotifyOptions notify,
        Metadata.MetadataOptions metadata
    )
    {
        if (notify.RefreshChannels.Contains(channel))
        {
            return $"{channel} is a library refresh, which is never filtered.";
        }

        var announcing = notify
            .Discord.Select(d => $"discord:{d.Name}")
            .Concat(notify.Webhooks.Select(w => $"webhook:{w.Name}"))
            .ToHashSet(StringComparer.Ordinal);
        if (AudienceValidation.ChannelError(channel, announcing) is { } error)
        {
            return error;
        }

        if (FilterSource.Parse(source, out var why) is not { } parsed)
        {
            return why;
        }

        return
            parsed.Kind == SourceKind.MyAnimeList
            && string.IsNullOrWhiteSpace(metadata.MyAnimeList.ClientId)
            ? "A MyAnimeList list needs Metadata:MyAnimeList:ClientId on the notify nodes."
            : null;
    }
}
