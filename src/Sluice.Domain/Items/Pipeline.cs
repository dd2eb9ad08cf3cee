namespace Sluice.Domain.Items;

/// <summary>Which step carries an item out of its current state.</summary>
public static class Pipeline
{
    /// <summary>Every step in the order an item meets them.</summary>
    public static System.Collections.Immutable.ImmutableArray<Step> Order { get; } =
    [
        Step.Sanitize,
        Step.Vault,
        Step.Tier,
        Step.Encode,
        Step.VaultEncoded,
        Step.Distribute,
        Step.Notify,
    ];

    /// <summary>The step to run next, or null when the item rests (done, failed or cancelled).</summary>
    public static Step? NextStep(Item item) =>
        item.State switch
        {
            ItemState.Incoming => Step.Sanitize,
            ItemState.Sanitized => Step.Vault,
            ItemState.Vaulted => Step.Tier,
            // Encoding is two steps inside one state: produce the output, then vault it.
            ItemState.Tiered => item.Output is null ? Step.Encode : Step.VaultEncoded,
            // Replicas are filled from the primary copies once every file exists, then announce.
            ItemState.Encoded => item.PendingReplicas.Any() ? Step.Distribute : Step.Notify,
            ItemState.Notified or ItemState.Failed or ItemState.Cancelled => null,
            _ => throw new ArgumentOutOfRangeException(
                nameof(item),
                item.State,
                "Unknown item state."
            ),
        };
}
