namespace Sluice.Domain.Items;

public static partial class ItemMachine
{
    /// <summary>Folds events into a snapshot, starting from nothing for a new item.</summary>
    public static Item Replay(ItemId id, IEnumerable<ItemEvent> events) =>
        events.Aggregate((Item?)null, (item, e) => Apply(item, e, id))
        ?? throw new InvalidOperationException($"Item {id} has no events.");

    /// <summary>
    /// The snapshot after one more event. Events were already decided, so Apply trusts them;
    /// it still throws on an event that cannot follow the state (a corrupt journal).
    /// </summary>
    public static Item Apply(Item? item, ItemEvent e, ItemId id)
    {
        ArgumentNullException.ThrowIfNull(e);
        if (item is null)
        {
            if (e is Submitted submitted)
            {
                return ApplySubmitted(submitted, id);
            }

            return e is Discovered d
                ? new Item
                {
                    Id = id,
                    Version = 1,
                    State = ItemState.Incoming,
                    Name = d.Name,
                    IncomingPath = d.IncomingPath,
                    Size = d.Size,
                    SourceKey = d.SourceKey,
                    Holder = d.Node,
                }
                : throw new InvalidTransitionException(
                    $"The journal of item {id} starts with {e.GetType().Name}, not Discovered."
                );
        }

        var next = e switch
        {
            Discovered or Submitted => throw new InvalidTransitionException(
                $"Item {id} was discovered twice."
            ),
            StepStarted or StepFailed or LeaseExpired or DuplicateSeen => item,
            Sanitized s => item with
            {
                Replacing = null,
                State = ItemState.Sanitized,
                LibraryPath = s.LibraryPath,
                Media = s.Media,
            },
            Vaulted v => item with
            {
                State = v.Artifact == Artifact.Source ? ItemState.Vaulted : ItemState.Encoded,
                Copies = item.Copies.AddRange(v.Copies),
                Replicas = v.Replicas.IsDefaultOrEmpty ? item.Replicas : v.Replicas,
            },
            Distributed d => item with { Copies = item.Copies.AddRange(d.Copies) },
            Tiered => item with { State = ItemState.Tiered },
            EncodeProduced p => item with { Output = p.Output },
            OutputLost => item with { Output = null },
            EncodeSkipped s => item with { State = ItemState.Encoded, EncodeSkipped = s.Reason },
            NotificationSent n => item with
            {
                NotifiedChannels = item.NotifiedChannels.Add(n.Channel),
            },
            Notified => item with { State = ItemState.Notified },
            Quarantined q => item with
            {
                State = ItemState.Failed,
                Failure = new Failure(q.Step, item.State, q.Attempt, q.Reason),
            },
            RetryRequested => item with
            {
                State =
                    item.Failure?.From
                    ?? throw new InvalidTransitionException(
                        $"Item {id} was retried without a failure."
                    ),
                Failure = null,
            },
            Cancelled => item with { State = ItemState.Cancelled },
            Skipped s => ApplySkip(item, s),
            AlreadyInLibrary => item with { State = ItemState.Cancelled },
            LocalCopyEvicted c => item with { Evicted = item.Evicted.Add(c.Artifact) },
            Pinned => item with { Pinned = true },
            Unpinned => item with { Pinned = false },
            ReplacementPlanned r => item with { Replacing = r.Plan },
            Relocated or Removed => ApplyLibrary(item, e),
            Superseded s => item with
            {
                LibraryPath = s.LibraryPath,
                Copies = [.. item.Copies.Where(c => c.Artifact != Artifact.Source), .. s.Copies],
                Evicted = item.Evicted.Contains(Artifact.Source)
                    ? item.Evicted
                    : item.Evicted.Add(Artifact.Source),
            },
            _ => throw new ArgumentOutOfRangeException(
                nameof(e),
                e.GetType().Name,
                "Unknown item event."
            ),
        };
        return next with { Version = item.Version + 1 };
    }
}
