using Microsoft.Extensions.Logging;
using Sluice.Domain.Items;
using Sluice.Node.Engine;
using Sluice.Store;

namespace Sluice.Node.Notify;

/// <summary>
/// Announces an item on every channel its outbox owes, refreshes first. For each channel still
/// owed it takes a turn as the channel's sender (<see cref="ChannelDispatcher"/>), which sends
/// whatever is due there in order, this item's message included once its burst is gathered.
/// Then it journals each announcement the outbox records as sent or unconfirmed, exactly once
/// (the journal is written by the item's own job, the outbox by whichever job sent), and either
/// completes or waits, without spending an attempt, until the earliest channel can move on. One
/// waiting or failing channel never holds back the others; a refused message fails the item.
/// </summary>
public sealed class NotifyHandler(
    EngineStore store,
    NotifyChannels channels,
    ChannelDispatcher dispatcher,
    TimeProvider time,
    ILogger<NotifyHandler> log
) : IStepHandler
{
    public Step Step => Step.Notify;

    public async Task<ItemCommand> RunAsync(StepContext context, CancellationToken ct)
    {
        var item = context.Item;
        var waits = new List<ChannelWait>();
        foreach (var owed in (await store.AnnouncementsOfAsync(item.Id, ct)).Where(Unsettled))
        {
            var channel =
                channels.Find(owed.Channel)
                ?? throw new PermanentStepException(
                    $"Channel {owed.Channel} is owed a notification but is no longer configured."
                );
            if (await dispatcher.TurnAsync(context.Lease, channel, ct) is { } wait)
            {
                waits.Add(wait);
            }
        }

        var announcements = await store.AnnouncementsOfAsync(item.Id, ct);
        var journaled = item.NotifiedChannels.ToHashSet(StringComparer.Ordinal);
        foreach (var done in announcements.Where(a => !Unsettled(a)))
        {
            if (done.Status == AnnouncementStatus.Rejected || !journaled.Add(done.Channel))
            {
                continue;
            }

            var unconfirmed = done.Status == AnnouncementStatus.Unconfirmed;
            var filtered = done.Status == AnnouncementStatus.Filtered ? done.Error : null;
            await context.RecordAsync(
                new RecordNotification(done.Channel, unconfirmed, filtered),
                ct
            );
            if (unconfirmed)
            {
                log.LogWarning(
                    "{Item} on {Channel}: the send may or may not have arrived; recorded as unconfirmed, not repeated",
                    item.Id,
                    done.Channel
                );
            }
        }

        var refused = announcements.Where(a => a.Status == AnnouncementStatus.Rejected).ToList();
        if (refused.Count > 0)
        {
            throw new PermanentStepException(
                string.Join(
                    "; ",
                    refused.Select(r => $"{r.Channel} refused the message: {r.Error}")
                )
            );
        }

        var owedStill = announcements.Where(Unsettled).Select(a => a.Channel).ToHashSet();
        if (owedStill.Count == 0)
        {
            return new CompleteNotify([
                .. announcements
                    .Where(a => a.Status != AnnouncementStatus.Filtered)
                    .Select(a => a.Channel),
            ]);
        }

        var relevant = waits.Where(w => owedStill.Contains(w.Channel)).ToList();
        if (relevant.Count == 0)
        {
            // Another job settled a row between the two reads, or sends it right now: look again soon.
            throw new DeferStepException(
                time.GetUtcNow() + ChannelDispatcher.Recheck,
                $"waiting for {string.Join(", ", owedStill)}"
            );
        }

        throw new DeferStepException(
            relevant.Min(w => w.Until),
            string.Join("; ", relevant.Select(w => w.Reason))
        );
    }

    private static bool Unsettled(Announcement a) =>
        a.Status is AnnouncementStatus.Waiting or AnnouncementStatus.Sending;
}
