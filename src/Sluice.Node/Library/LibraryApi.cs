using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Sluice.Node.Api;
using Sluice.Node.Engine;
using Sluice.Store;

namespace Sluice.Node.Library;

/// <summary>
/// The library tools: POST /api/library/{tool} plans (and with apply=true starts) an operation;
/// GET /api/library/ops lists operations with their progress. Arguments are query parameters:
/// folder, to, nativeTitle, title, season, apply, yes.
/// </summary>
public static class LibraryApi
{
    public static RouteGroupBuilder MapLibrary(this RouteGroupBuilder api)
    {
        api.MapPost("/library/{tool}", PlanAsync);
        api.MapGet(
            "/library/ops",
            async (EngineStore store, int? limit, CancellationToken ct) =>
                TypedResults.Ok(
                    (await store.LibraryOpsAsync(Math.Clamp(limit ?? 50, 1, 1000), ct)).Select(
                        LibraryOpView.From
                    )
                )
        );
        api.MapGet("/library/ops/{id:long}", OpAsync);
        return api;
    }

    private static async Task<IResult> OpAsync(long id, EngineStore store, CancellationToken ct) =>
        await store.LibraryOpAsync(id, ct) is { } op
            ? TypedResults.Ok(LibraryOpView.From(op))
            : TypedResults.NotFound(new ApiError($"No library operation {id}.", NotFound: true));

    private static async Task<IResult> PlanAsync(
        string tool,
        string? folder,
        string? to,
        bool? nativeTitle,
        string? title,
        int? season,
        bool? apply,
        bool? yes,
        LibraryPlanner planner,
        EngineStore store,
        WakeUps wakeUps,
        NodeState node,
        CancellationToken ct
    )
    {
        LibraryPlan plan;
        try
        {
            plan = tool switch
            {
                "move" => await planner.MoveShowAsync(
                    folder ?? "",
                    to
                        ?? throw new LibraryPlanException(
                            "move needs the top folder to move to (to=Premiered)."
                        ),
                    nativeTitle ?? false,
                    title,
                    ct
                ),
                "season" => await planner.SeasonAsync(folder ?? "", season, ct),
                "rename" => await planner.RenameAsync(folder ?? "", ct),
                "rmdir" => await planner.RemoveEmptyFoldersAsync(folder, ct),
                "delete" => await planner.DeleteShowAsync(folder ?? "", ct),
                _ => throw new LibraryPlanException(
                    $"'{tool}' is not a library tool; use move, season, rename, rmdir or delete.",
                    notFound: true
                ),
            };
        }
        catch (LibraryPlanException ex)
        {
            return ex.NotFound
                ? TypedResults.NotFound(new ApiError(ex.Message, NotFound: true))
                : TypedResults.Conflict(new ApiError(ex.Message));
        }

        long? op = null;
        if (apply == true && plan.Steps.Length > 0)
        {
            if (tool == "delete" && yes != true)
            {
                return TypedResults.BadRequest(
                    new ApiError(
                        "Deleting a show needs an explicit confirmation (--yes) as well as --apply."
                    )
                );
            }

            try
            {
                op = await store.StartLibraryOpAsync(
                    new LibraryOpDraft(
                        plan.Tool,
                        plan.Folder,
                        plan.Summary,
                        plan.StepsJson(),
                        plan.Steps.Length,
                        LibraryWorker.Role,
                        "api",
                        node.Name
                    ),
                    ct
                );
            }
            catch (LibraryBusyException ex)
            {
                return TypedResults.Conflict(new ApiError(ex.Message));
            }

            wakeUps.Poke(LibraryWorker.Queue);
        }

        return TypedResults.Ok(LibraryPlanView.From(plan, op));
    }
}

public sealed record LibraryStepView(string Kind, string Where, string Text)
{
    public static LibraryStepView From(LibraryStep step) =>
        new(
            System
                .Text.Json.JsonSerializer.SerializeToElement(step, LibraryPlan.Json)
                .GetProperty("kind")
                .GetString()!,
            step.Where,
            step.Describe()
        );
}

public sealed record LibraryPlanView(
    string Tool,
    string Folder,
    string Summary,
    IReadOnlyList<LibraryStepView> Steps,
    IReadOnlyList<string> Notes,
    long? Operation
)
{
    public static LibraryPlanView From(LibraryPlan plan, long? op) =>
        new(
            plan.Tool,
            plan.Folder,
            plan.Summary,
            [.. plan.Steps.Select(LibraryStepView.From)],
            plan.Notes,
            op
        );
}

public sealed record LibraryOpView(
    long Id,
    string Tool,
    string Folder,
    string Summary,
    string State,
    bool Resuming,
    int StepsDone,
    int StepsTotal,
    int Attempt,
    string? Node,
    string? Error,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? FinishedAt,
    IReadOnlyList<LibraryStepView> Steps
)
{
    public static LibraryOpView From(LibraryOp op) =>
        new(
            op.Id,
            op.Tool,
            op.Folder,
            op.Summary,
            op.State,
            op.Resuming,
            op.StepsDone,
            op.StepsTotal,
            op.Attempt,
            op.LeaseOwner,
            op.LastError,
            op.CreatedAt,
            op.UpdatedAt,
            op.FinishedAt,
            [.. LibraryPlan.ParseSteps(op.Plan).Select(LibraryStepView.From)]
        );
}
