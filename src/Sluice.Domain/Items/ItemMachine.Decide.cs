namespace Sluice.Domain.Items;

/// <summary>
/// The per-item state machine: <see cref="Decide"/> checks a command against the snapshot and
/// returns the events it implies (or a rejection); <see cref="Apply"/> folds one event into a
/// new snapshot. Both are pure: persistence and time belong to the caller.
/// </summary>
public static partial class ItemMachine
{
    public static Decision Decide(Item? item, ItemCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (item is null)
        {
            return command switch
            {
                Discover d => Decision.Accept(
                    new Discovered(d.Name, d.IncomingPath, d.Size, d.SourceKey, d.Node)
                ),
                Submit s => DecideSubmit(s),
                _ => Decision.Reject($"{command.GetType().Name} needs an existing item."),
            };
        }

        return command switch
        {
            Discover or Submit => Decision.Reject($"Item {item.Id} already exists."),
            StartStep c => Expect(item, c.Step, () => new StepStarted(c.Step, c.Attempt)),
            CompleteSanitize c => Expect(
                item,
                Step.Sanitize,
                () => new Sanitized(c.LibraryPath, c.Media)
            ),
            CompleteVault c => Expect(
                item,
                c.Artifact == Artifact.Source ? Step.Vault : Step.VaultEncoded,
                () => new Vaulted(c.Artifact, c.Copies, c.Replicas.IsDefault ? [] : c.Replicas)
            ),
            CompleteDistribute c => Expect(item, Step.Distribute, () => new Distributed(c.Copies)),
            CompleteTier c => Expect(
                item,
                Step.Tier,
                () => new Tiered(c.FreeBytes, c.EvictedFiles, c.EvictedBytes)
            ),
            CompleteEncode c => Expect(item, Step.Encode, () => new EncodeProduced(c.Output)),
            SkipEncode c => Expect(item, Step.Encode, () => new EncodeSkipped(c.Reason)),
            LoseOutput c => item.Output?.Node == c.Node
                ? Expect(item, Step.VaultEncoded, () => new OutputLost(c.Node))
                : Decision.Reject($"Item {item.Id} has no unvaulted output on node {c.Node}."),
            RecordNotification c => item.NotifiedChannels.Contains(c.Channel)
                ? Decision.Reject($"Channel {c.Channel} was already notified for item {item.Id}.")
                : Expect(
                    item,
                    Step.Notify,
                    () => new NotificationSent(c.Channel, c.Unconfirmed, c.Filtered)
                ),
            CompleteNotify c => Expect(item, Step.Notify, () => new Notified(c.Channels)),
            FailStep c => DecideFailure(item, c),
            ExpireLease c => DecideLeaseExpiry(item, c),
            Retry c => item.State == ItemState.Failed
                ? Decision.Accept(new RetryRequested(c.By))
                : Decision.Reject(
                    $"Only a failed item can be retried; item {item.Id} is {Names.Of(item.State)}."
                ),
            Cancel c => item.State is ItemState.Notified or ItemState.Cancelled
                ? Decision.Reject($"Item {item.Id} is already {Names.Of(item.State)}.")
                : Decision.Accept(new Cancelled(c.By, c.Reason)),
            SkipTo c => DecideSkip(item, c),
            Evict c => DecideEviction(item, c),
            Pin c => item.Pinned
                ? Decision.Reject($"Item {item.Id} is already pinned.")
                : Decision.Accept(new Pinned(c.By)),
            Unpin c => item.Pinned
                ? Decision.Accept(new Unpinned(c.By))
                : Decision.Reject($"Item {item.Id} is not pinned."),
            RecordDuplicate c => Decision.Accept(new DuplicateSeen(c.Path, c.KeptAt)),
            PlanReplacement c => Expect(item, Step.Sanitize, () => new ReplacementPlanned(c.Plan)),
            Supersede c => item.State == ItemState.Notified && item.IsVaulted(Artifact.Source)
                ? Decision.Accept(new Superseded(c.LibraryPath, c.By, c.Copies))
                : Decision.Reject(
                    $"Only a finished item with its source in the vault can give up its name; item {item.Id} is {Names.Of(item.State)}."
                ),
            Relocate or Remove => DecideLibrary(item, command),
            SetAsideAsDuplicate c => Expect(
                item,
                Step.Sanitize,
                () => new AlreadyInLibrary(c.LibraryPath, c.KeptAt)
            ),
            _ => throw new ArgumentOutOfRangeException(
                nameof(command),
                command.GetType().Name,
                "Unknown item command."
            ),
        };
    }

    private static Decision Expect(Item item, Step step, Func<ItemEvent> then) =>
        Pipeline.NextStep(item) == step ? Decision.Accept(then()) : WrongStep(item, step);

    private static Decision WrongStep(Item item, Step step) =>
        Decision.Reject(
            $"Step {Names.Of(step)} does not apply to item {item.Id} in state {Names.Of(item.State)}"
                + (Pipeline.NextStep(item) is { } next ? $" (next step: {Names.Of(next)})." : ".")
        );

    private static Decision DecideFailure(Item item, FailStep c)
    {
        if (Pipeline.NextStep(item) != c.Step)
        {
            return WrongStep(item, c.Step);
        }

        if (c.Permanent)
        {
            return Decision.Accept(new Quarantined(c.Step, c.Attempt, c.Error));
        }

        return c.Attempt >= c.MaxAttempts
            ? Decision.Accept(
                new Quarantined(
                    c.Step,
                    c.Attempt,
                    $"gave up after {c.Attempt} attempts; last error: {c.Error}"
                )
            )
            : Decision.Accept(new StepFailed(c.Step, c.Attempt, c.Error, c.RetryAt));
    }

    private static Decision DecideLeaseExpiry(Item item, ExpireLease c)
    {
        if (Pipeline.NextStep(item) != c.Step)
        {
            return WrongStep(item, c.Step);
        }

        var expired = new LeaseExpired(c.Step, c.Attempt, c.Node);
        return c.Attempt >= c.MaxAttempts
            ? Decision.Accept(
                expired,
                new Quarantined(
                    c.Step,
                    c.Attempt,
                    $"gave up after {c.Attempt} attempts; the last one lost its lease on node {c.Node}"
                )
            )
            : Decision.Accept(expired);
    }

    private static Decision DecideEviction(Item item, Evict c)
    {
        // The one rule tiering must never break: a file leaves the local disk only when the
        // vault holds it. The caller re-verifies the remote copy; the journal must agree too.
        if (!item.IsVaulted(c.Artifact))
        {
            return Decision.Reject(
                $"Refusing to evict the {Names.Of(c.Artifact)} of item {item.Id}: it has no vault copy."
            );
        }

        if (item.PathOf(c.Artifact) is not { } path)
        {
            return Decision.Reject($"Item {item.Id} has no {Names.Of(c.Artifact)} file.");
        }

        if (item.Pinned)
        {
            return Decision.Reject(
                $"Item {item.Id} is pinned; its {Names.Of(c.Artifact)} stays on the local disk."
            );
        }

        if (item.Evicted.Contains(c.Artifact))
        {
            return Decision.Reject(
                $"The {Names.Of(c.Artifact)} of item {item.Id} is already evicted."
            );
        }

        return item.State == ItemState.Notified
            ? Decision.Accept(new LocalCopyEvicted(c.Artifact, path, c.Bytes))
            : Decision.Reject(
                $"Item {item.Id} is still in the pipeline ({Names.Of(item.State)}); its files are pinned."
            );
    }
}
