using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using Sluice.Domain.Items;
using Sluice.Node.Configuration;
using Sluice.Node.Secrets;
using Sluice.Store;

namespace Sluice.Node.Api;

/// <summary>Items: list (filtered, paged), one item with its timeline, and the operator's retry, cancel and skip.</summary>
public static class ItemsApi
{
    /// <summary>The header that carries how many items match, whatever the page.</summary>
    public const string TotalCountHeader = "X-Total-Count";

    public static RouteGroupBuilder MapItems(this RouteGroupBuilder api)
    {
        api.MapGet("/items", ListAsync);
        api.MapGet("/items/{id}", GetAsync);
        api.MapPost(
            "/items/{id}/retry",
            (string id, ItemCommander commander, CancellationToken ct) =>
                commander.RunAsync(id, new Retry("api"), ct)
        );
        api.MapPost(
            "/items/{id}/cancel",
            (string id, string? reason, ItemCommander commander, CancellationToken ct) =>
                commander.RunAsync(id, new Cancel("api", reason), ct)
        );
        api.MapPost("/items/{id}/skip", SkipAsync);
        return api;
    }

    private static async Task<
        Results<Ok<IReadOnlyList<ItemSummaryView>>, BadRequest<ApiError>>
    > ListAsync(
        EngineStore store,
        SecretScrubber secrets,
        HttpResponse response,
        string? state,
        string? stage,
        string? node,
        string? q,
        bool? running,
        int? limit,
        int? offset,
        CancellationToken ct
    )
    {
        ItemState? filter = null;
        if (state is not null)
        {
            if (!Names.TryParseState(state, out var parsed))
            {
                return TypedResults.BadRequest(
                    new ApiError(
                        $"Unknown state '{state}'; use one of: {string.Join(", ", Names.States.Select(Names.Of))}."
                    )
                );
            }

            filter = parsed;
        }

        if (stage is not null && !ClusterApi.Stages.Contains(stage))
        {
            return TypedResults.BadRequest(
                new ApiError(
                    $"Unknown stage '{stage}'; use one of: {string.Join(", ", ClusterApi.Stages)}."
                )
            );
        }

        var query = new ItemQuery(
            filter,
            string.IsNullOrWhiteSpace(q) ? null : q,
            Math.Clamp(limit ?? 200, 1, 10_000),
            Math.Max(offset ?? 0, 0),
            stage,
            string.IsNullOrWhiteSpace(node) ? null : node,
            running ?? false
        );
        var items = await store.ListItemsAsync(query, ct);
        response.Headers[TotalCountHeader] = (await store.CountItemsAsync(query, ct)).ToString(
            System.Globalization.CultureInfo.InvariantCulture
        );
        return TypedResults.Ok<IReadOnlyList<ItemSummaryView>>([
            .. items.Select(i => ItemSummaryView.From(i, secrets)),
        ]);
    }

    private static async Task<
        Results<Ok<ItemDetailView>, NotFound<ApiError>, BadRequest<ApiError>>
    > GetAsync(
        string id,
        EngineStore store,
        IOptions<EngineOptions> engine,
        SecretScrubber secrets,
        CancellationToken ct
    )
    {
        var resolved = await ResolveAsync(id, store, ct);
        if (resolved.Error is { } error)
        {
            return error.NotFound ? TypedResults.NotFound(error) : TypedResults.BadRequest(error);
        }

        var view = await store.GetItemAsync(resolved.Id, ct);
        if (view is null)
        {
            return TypedResults.NotFound(new ApiError($"No item {id}.", NotFound: true));
        }

        var journal = await store.GetJournalAsync(resolved.Id, ct);
        var item = view.Item;
        return TypedResults.Ok(
            new ItemDetailView(
                ItemSummaryView.From(view, secrets),
                item.SourceKey,
                item.Size,
                item.IncomingPath,
                view.Pinned,
                item.Media,
                item.Copies,
                [.. item.Evicted.Select(Names.Of)],
                item.Output,
                item.EncodeSkipped,
                item.NotifiedChannels,
                view.Job is { } job
                    ? JobDetailView.From(
                        job,
                        await store.ListNodesAsync(engine.Value.LeaseDuration, ct),
                        secrets
                    )
                    : null,
                [.. journal.Select(e => TimelineEntryView.From(e, secrets))]
            )
        );
    }

    private static async Task<
        Results<Ok<ItemSummaryView>, NotFound<ApiError>, BadRequest<ApiError>, Conflict<ApiError>>
    > SkipAsync(string id, string? to, ItemCommander commander, CancellationToken ct)
    {
        var targets = ItemMachine.SkipTargets.Select(Names.Of).ToList();
        if (to is null || !targets.Contains(to))
        {
            return TypedResults.BadRequest(
                new ApiError(
                    $"Say where the item goes on: ?to= one of {string.Join(", ", targets)} (got '{to}')."
                )
            );
        }

        return await commander.RunAsync(id, new SkipTo(Names.ParseStep(to), "api"), ct);
    }

    /// <summary>A full id, or a unique prefix of at least four hex digits.</summary>
    internal static async Task<(ItemId Id, ApiError? Error)> ResolveAsync(
        string text,
        EngineStore store,
        CancellationToken ct
    )
    {
        if (ItemId.TryParse(text, out var id))
        {
            return (id, null);
        }

        if (!text.Replace("-", "", StringComparison.Ordinal).All(char.IsAsciiHexDigit))
        {
            return (default, new ApiError($"'{text}' is not an item id: ids are hex digits."));
        }

        if (text.Length < 4)
        {
            return (
                default,
                new ApiError($"'{text}' is too short; give at least 4 hex digits of the item id.")
            );
        }

        var matches = await store.ResolveAsync(text, ct);
        return matches.Count switch
        {
            1 => (matches[0], null),
            0 => (default, new ApiError($"No item id starts with '{text}'.", NotFound: true)),
            _ => (
                default,
                new ApiError($"More than one item id starts with '{text}'; give more digits.")
            ),
        };
    }
}

public sealed record ApiError(string Error, bool NotFound = false);
