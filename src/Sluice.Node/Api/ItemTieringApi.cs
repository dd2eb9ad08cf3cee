using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Sluice.Domain.Items;
using Sluice.Store;

namespace Sluice.Node.Api;

/// <summary>
/// A user's say in tiering: pin an item's files to the local disk (journaled, so the timeline
/// shows who pinned it), unpin them, or record a read Sluice cannot see (the volume keeps no
/// atime) so least-recently-used eviction counts it.
/// </summary>
public static class ItemTieringApi
{
    public static RouteGroupBuilder MapItemTiering(this RouteGroupBuilder api)
    {
        api.MapPost(
            "/items/{id}/pin",
            (string id, ItemCommander commander, CancellationToken ct) =>
                commander.RunAsync(id, new Pin("api"), ct)
        );
        api.MapPost(
            "/items/{id}/unpin",
            (string id, ItemCommander commander, CancellationToken ct) =>
                commander.RunAsync(id, new Unpin("api"), ct)
        );
        api.MapPost("/items/{id}/touch", TouchAsync);
        return api;
    }

    private static async Task<
        Results<Ok<ItemSummaryView>, NotFound<ApiError>, BadRequest<ApiError>>
    > TouchAsync(string id, EngineStore store, Secrets.SecretScrubber secrets, CancellationToken ct)
    {
        var resolved = await ItemsApi.ResolveAsync(id, store, ct);
        if (resolved.Error is { } error)
        {
            return error.NotFound ? TypedResults.NotFound(error) : TypedResults.BadRequest(error);
        }

        if (!await store.RecordAccessAsync(resolved.Id, ct))
        {
            return TypedResults.NotFound(new ApiError($"No item {id}.", NotFound: true));
        }

        var view = await store.GetItemAsync(resolved.Id, ct);
        return TypedResults.Ok(ItemSummaryView.From(view!, secrets));
    }
}
