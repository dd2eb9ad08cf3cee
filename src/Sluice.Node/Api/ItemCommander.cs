using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Sluice.Domain.Items;
using Sluice.Node.Engine;
using Sluice.Node.Secrets;
using Sluice.Store;

namespace Sluice.Node.Api;

/// <summary>
/// An operator's command on one item, as every action endpoint runs it: resolve the id (or a
/// prefix), decide and journal through the store, and wake this node's workers for the step
/// it queued so a retry starts now rather than at the next poll.
/// </summary>
public sealed class ItemCommander(EngineStore store, WakeUps wakeUps, SecretScrubber secrets)
{
    public async Task<
        Results<Ok<ItemSummaryView>, NotFound<ApiError>, BadRequest<ApiError>, Conflict<ApiError>>
    > RunAsync(string id, ItemCommand command, CancellationToken ct)
    {
        var resolved = await ItemsApi.ResolveAsync(id, store, ct);
        if (resolved.Error is { } error)
        {
            return error.NotFound ? TypedResults.NotFound(error) : TypedResults.BadRequest(error);
        }

        var result = await store.CommandAsync(resolved.Id, command, "api", ct);
        if (!result.Applied)
        {
            return TypedResults.Conflict(new ApiError(secrets.Scrub(result.Rejection!)));
        }

        var view = await store.GetItemAsync(resolved.Id, ct);
        if (view!.Job is { } job)
        {
            wakeUps.Poke(store.Policy.For(job.Step).Queue);
        }

        return TypedResults.Ok(ItemSummaryView.From(view, secrets));
    }
}
