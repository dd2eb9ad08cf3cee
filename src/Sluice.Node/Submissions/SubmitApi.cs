using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Sluice.Domain.Items;
using Sluice.Node.Api;
using Sluice.Node.Secrets;
using Sluice.Store;

namespace Sluice.Node.Submissions;

/// <summary>What a script posts to /api/items: a local path or destination:path, and the stage it enters at (optional).</summary>
public sealed record SubmitRequest(string? Source, string? Stage);

/// <summary>
/// The answer: the item, and whether this submission created it. An existing item answers a
/// repeated submission of the same source (200 and <paramref name="Duplicate"/> says why).
/// </summary>
public sealed record SubmitView(
    bool Created,
    string Stage,
    string? Duplicate,
    ItemSummaryView Item
);

/// <summary>POST /api/items: submit a file instead of dropping it into incoming.</summary>
public static class SubmitApi
{
    public static RouteGroupBuilder MapSubmit(this RouteGroupBuilder api)
    {
        api.MapPost("/items", SubmitAsync);
        return api;
    }

    private static async Task<IResult> SubmitAsync(
        SubmitRequest? request,
        Submitter submitter,
        EngineStore store,
        SecretScrubber secrets,
        CancellationToken ct
    )
    {
        var outcome = await submitter.SubmitAsync(request?.Source, request?.Stage, "api", ct);
        switch (outcome)
        {
            case SubmitOutcome.Refused refused:
                return TypedResults.Json(
                    new ApiError(secrets.Scrub(refused.Error), refused.Status == 404),
                    statusCode: refused.Status
                );
            case SubmitOutcome.Accepted accepted:
                var view = await store.GetItemAsync(accepted.Id, ct);
                var body = new SubmitView(
                    accepted.Duplicate is null,
                    Names.Of(accepted.Entry),
                    accepted.Duplicate,
                    ItemSummaryView.From(view!, secrets)
                );
                return accepted.Duplicate is null
                    ? TypedResults.Created($"/api/items/{accepted.Id}", body)
                    : TypedResults.Ok(body);
            default:
                throw new InvalidOperationException("Unknown submit outcome.");
        }
    }
}
