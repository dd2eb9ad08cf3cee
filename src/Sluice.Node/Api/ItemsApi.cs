using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Sluice.Domain.Items;
using Sluice.Store;

namespace Sluice.Node.Api;

/// <summary>Items: list, one item with its timeline, and the operator's retry and cancel.</summary>
public static class ItemsApi
{
    public static RouteGroupBuilder MapItems(this RouteGroupBuilder api)
    {
        api.MapGet("/items", ListAsync);
        api.MapGet("/items/{id}", GetAsync);
        api.MapPost(
            "/items/{id}/retry",
            (string id, EngineStore store, CancellationToken ct) =>
                CommandAsync(id, new Retry("api"), store, ct)
        );
        api.MapPost(
            "/items/{id}/cancel",
            (string id, string? reason, EngineStore store, CancellationToken ct) =>
                CommandAsync(id, new Cancel("api", reason), store, ct)
        );
        return api;
    }

    private static async Task<
        Results<Ok<IReadOnlyList<ItemSummaryView>>, BadRequest<ApiError>>
    > ListAsync(
        EngineStore store,
        string? state,
        string? q,
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

        var items = await store.ListItemsAsync(
            new ItemQuery(
                filter,
                string.IsNullOrWhiteSpace(q) ? null : q,
                Math.Clamp(limit ?? 200, 1, 10_000),
                Math.Max(offset ?? 0, 0)
            ),
            ct
        );
        return TypedResults.Ok<IReadOnlyList<ItemSummaryView>>([
            .. items.Select(ItemSummaryView.From),
        ]);
    }

    private static async Task<
        Results<Ok<ItemDetailView>, NotFound<ApiError>, BadRequest<ApiError>>
    > GetAsync(
        string id,
        EngineStore store,
        Microsoft.Extensions.Options.IOptions<Configuration.EngineOptions> engine,
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
                ItemSummaryView.From(view),
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
                        await store.ListNodesAsync(engine.Value.LeaseDuration, ct)
                    )
                    : null,
                [.. journal.Select(TimelineEntryView.From)]
            )
        );
    }

    internal static async Task<
        Results<Ok<ItemSummaryView>, NotFound<ApiError>, BadRequest<ApiError>, Conflict<ApiError>>
    > CommandAsync(string id, ItemCommand command, EngineStore store, CancellationToken ct)
    {
        var resolved = await ResolveAsync(id, store, ct);
        if (resolved.Error is { } error)
        {
            return error.NotFound ? TypedResults.NotFound(error) : TypedResults.BadRequest(error);
        }

        var result = await store.CommandAsync(resolved.Id, command, "api", ct);
        if (!result.Applied)
        {
            return TypedResults.Conflict(new ApiError(result.Rejection!));
        }

        var view = await store.GetItemAsync(resolved.Id, ct);
        return TypedResults.Ok(ItemSummaryView.From(view!));
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
