using Sluice.Domain.Items;
using Sluice.Node.Engine;

namespace Sluice.Node.Tier;

/// <summary>
/// The tier step: the item's file is now verifiably in the vault and joins the pool tiering
/// manages; a pass runs at once to make room for what the item brought. The item's own files
/// stay pinned until it is finished.
/// </summary>
public sealed class TierHandler(TierPass pass) : IStepHandler
{
    public Step Step => Step.Tier;

    public async Task<ItemCommand> RunAsync(StepContext context, CancellationToken ct)
    {
        var result = await pass.RunAsync(ct);
        return new CompleteTier(result.After.FreeBytes, result.EvictedFiles, result.EvictedBytes);
    }
}
