using Microsoft.Extensions.Logging;
using Sluice.Domain.Engine;
using Sluice.Node.Engine;
using Sluice.Store;

namespace Sluice.Node.Notify;

/// <summary>What a delivery's outcome means for the outbox and the channel, and what it tells the item.</summary>
public sealed partial class ChannelDispatcher
{
    private BatchOutcome Outcome(INotifyChannel channel, DeliveryException ex)
    {
        var error = secrets.Scrub(ex.Message);
        var policy = new ChannelPolicy(
            new Backoff(options.Value.RetryBackoffBase, options.Value.RetryBackoffMax),
            options.Value.QuarantineAfter
        );
        return ex.Fault switch
        {
            DeliveryFault.RateLimited => new BatchOutcome.Deferred(
                ex.RetryAfter ?? TimeSpan.FromSeconds(1),
                error
            ),
            DeliveryFault.Gone => new BatchOutcome.Failed(error, true, policy),
            DeliveryFault.Transient => new BatchOutcome.Failed(error, false, policy),
            // A refresh is the server's business, not the item's; and repeating one is harmless.
            DeliveryFault.Rejected or DeliveryFault.Unknown when channel.IsRefresh =>
                new BatchOutcome.Failed(error, false, policy),
            DeliveryFault.Rejected => new BatchOutcome.Rejected(error),
            DeliveryFault.Unknown => new BatchOutcome.Unknown(error),
            _ => throw new ArgumentOutOfRangeException(nameof(ex), ex.Fault, "Unknown fault."),
        };
    }

    private void Report(INotifyChannel channel, List<Domain.Items.Item> items, BatchOutcome outcome)
    {
        var what =
            items.Count == 1
                ? NotificationPayloads.Title(items[0])
                : $"{items.Count} items ({NotificationPayloads.Title(items[0])} …)";
        switch (outcome)
        {
            case BatchOutcome.Delivered:
                log.LogInformation("{Channel}: announced {What}", channel.Name, what);
                break;
            case BatchOutcome.Unknown unknown:
                log.LogWarning(
                    "{Channel}: {What} may or may not have arrived ({Error}); recorded as unconfirmed, not repeated",
                    channel.Name,
                    what,
                    unknown.Error
                );
                break;
            case BatchOutcome.Rejected rejected:
                log.LogWarning(
                    "{Channel}: refused {What}: {Error}",
                    channel.Name,
                    what,
                    rejected.Error
                );
                break;
            case BatchOutcome.Failed failed:
                log.LogWarning(
                    "{Channel}: {What} not delivered{Gone}: {Error}",
                    channel.Name,
                    what,
                    failed.Gone ? " (quarantined: only a person can fix this)" : "",
                    failed.Error
                );
                break;
            case BatchOutcome.Deferred deferred:
                log.LogInformation(
                    "{Channel}: rate limited for {For}; {What} waits",
                    channel.Name,
                    deferred.For,
                    what
                );
                break;
        }
    }

    private static ChannelWait? WaitFor(JobLease lease, INotifyChannel channel, ChannelTurn turn) =>
        turn.Result switch
        {
            ChannelTurnResult.Granted => null,
            ChannelTurnResult.LeaseLost => throw new LeaseLostException(lease),
            ChannelTurnResult.Busy => new ChannelWait(
                channel.Name,
                turn.Now + Recheck,
                $"{channel.Name}: another job is sending"
            ),
            ChannelTurnResult.BackingOff => new ChannelWait(
                channel.Name,
                turn.Until!.Value,
                $"{channel.Name} waits until {turn.Until:u} after: {turn.Reason}"
            ),
            ChannelTurnResult.Quarantined => new ChannelWait(
                channel.Name,
                turn.Now + QuarantineRecheck,
                $"{channel.Name} is quarantined ({turn.Reason}); once fixed: sluice ctl notify release {channel.Name}"
            ),
            _ => throw new ArgumentOutOfRangeException(nameof(turn), turn.Result, "Unknown turn."),
        };
}
