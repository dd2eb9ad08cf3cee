namespace Sluice.Domain.Items;

public static partial class ItemMachine
{
    /// <summary>The steps an operator may skip to: each is the next step of exactly one resting place.</summary>
    public static IReadOnlyList<Step> SkipTargets { get; } =
    [Step.Tier, Step.Encode, Step.Distribute, Step.Notify];

    private static Decision DecideSkip(Item item, SkipTo c)
    {
        if (item.State is ItemState.Notified or ItemState.Cancelled)
        {
            return Decision.Reject(
                $"Item {item.Id} is {Names.Of(item.State)}; there is nothing left to skip."
            );
        }

        if (!SkipTargets.Contains(c.To))
        {
            return Decision.Reject(
                $"An item can skip to {string.Join(", ", SkipTargets.Select(Names.Of))}, not to {Names.Of(c.To)}."
            );
        }

        var current =
            item.State == ItemState.Failed
                ? item.Failure!.Step
                : Pipeline.NextStep(item)
                    ?? throw new InvalidOperationException($"Item {item.Id} has no next step.");
        if (current == Step.Sanitize)
        {
            return Decision.Reject(
                $"Item {item.Id} was never sorted: its file is still in incoming, and every later step needs the library path sanitize gives it. Retry or cancel it instead."
            );
        }

        var from = Pipeline.Order.IndexOf(current);
        var to = Pipeline.Order.IndexOf(c.To);
        if (to <= from)
        {
            return Decision.Reject(
                $"Item {item.Id} is at {Names.Of(current)}; skipping only goes forward, to a later stage."
            );
        }

        var skipped = new Skipped(c.To, [.. Pipeline.Order.Skip(from).Take(to - from)], c.By);
        return Pipeline.NextStep(ApplySkip(item, skipped)) == c.To
            ? Decision.Accept(skipped)
            : Decision.Reject(
                $"Item {item.Id} cannot go on with {Names.Of(c.To)}: it has no replicas to fill."
            );
    }

    /// <summary>Rests the item where <see cref="Skipped.To"/> is its next step, dropping what the skipped steps owed.</summary>
    private static Item ApplySkip(Item item, Skipped s) =>
        item with
        {
            Failure = null,
            State = s.To switch
            {
                Step.Tier => ItemState.Vaulted,
                Step.Encode => ItemState.Tiered,
                Step.Distribute or Step.Notify => ItemState.Encoded,
                _ => throw new InvalidTransitionException(
                    $"Item {item.Id} cannot skip to {Names.Of(s.To)}."
                ),
            },
            // Skipping distribution drops the replicas it still owed, so notify comes next.
            Replicas = s.Steps.Contains(Step.Distribute) ? [] : item.Replicas,
            EncodeSkipped =
                s.Steps.Contains(Step.Encode) && item.Output is null
                    ? $"skipped by {s.By}"
                    : item.EncodeSkipped,
        };
}
