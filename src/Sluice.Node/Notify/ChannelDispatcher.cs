using System.Runtime.ExceptionServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sluice.Domain.Engine;
using Sluice.Node.Configuration;
using Sluice.Node.Engine;
using Sluice.Store;

namespace Sluice.Node.Notify;

/// <summary>Why an item's announcement on a channel cannot finish in this run, and when to look again.</summary>
public sealed record ChannelWait(string Channel, DateTimeOffset Until, string Reason);

/// <summary>
/// One turn as a channel's sender, run by a notify job for a channel its item is owed on: take
/// the channel (one sender per channel in the cluster), send what is due in order (other
/// items' messages too: whoever holds the channel drains it), let go. Invariants: a batch is
/// marked in flight before its request and settled after it, both under the job's lease and
/// its hold on the channel; the request is never repeated within a turn once it may have
/// arrived; a failure ends the turn and the channel's backoff (or quarantine) decides the next.
/// </summary>
public sealed class ChannelDispatcher(
    EngineStore store,
    NotifyChannels channels,
    IOptions<NotifyOptions> options,
    TimeProvider time,
    ILogger<ChannelDispatcher> log
)
{
    /// <summary>Rows read per look at a channel: more than one message's worth.</summary>
    private const int Look = 200;

    /// <summary>How soon an item looks again when another job is sending, or its refresh has not gone yet.</summary>
    public static readonly TimeSpan Recheck = TimeSpan.FromSeconds(2);

    /// <summary>While another job sends: how often, and how many times, to look before putting the job off.</summary>
    private static readonly TimeSpan BusyPoll = TimeSpan.FromMilliseconds(250);

    private const int BusyLooks = 40;

    /// <summary>How often an item waiting on a quarantined channel looks again (a release wakes it at once).</summary>
    public static readonly TimeSpan QuarantineRecheck = TimeSpan.FromMinutes(15);

    public async Task<ChannelWait?> TurnAsync(
        JobLease lease,
        INotifyChannel channel,
        CancellationToken ct
    )
    {
        var turn = await store.TakeChannelAsync(lease, channel.Name, channel.IsRefresh, ct);
        // Another job sending usually sends this item's message too, within moments: wait for
        // that here rather than put the job off (and claim it again) for so short a wait.
        for (var look = 1; turn.Result == ChannelTurnResult.Busy && look <= BusyLooks; look++)
        {
            await Task.Delay(BusyPoll, time, ct);
            if (await SettledAsync(lease, channel, ct))
            {
                return null;
            }

            turn = await store.TakeChannelAsync(lease, channel.Name, channel.IsRefresh, ct);
        }

        if (turn.Result != ChannelTurnResult.Granted)
        {
            return WaitFor(lease, channel, turn);
        }

        try
        {
            return await SendDueAsync(lease, channel, ct);
        }
        finally
        {
            await store.LetGoOfChannelAsync(lease, channel.Name, CancellationToken.None);
        }
    }

    private async Task<ChannelWait?> SendDueAsync(
        JobLease lease,
        INotifyChannel channel,
        CancellationToken ct
    )
    {
        while (true)
        {
            var (waiting, now) = await store.WaitingOnAsync(channel.Name, Look, ct);
            var plan = SendPlanner.Next(
                waiting,
                now,
                channel.Gathering,
                options.Value.CoalesceWindow
            );
            switch (plan)
            {
                case SendPlan.Nothing:
                    return null;
                case SendPlan.NotBefore notBefore:
                    return new ChannelWait(
                        channel.Name,
                        notBefore.When,
                        $"{channel.Name}: {notBefore.Reason} until {notBefore.When:u}"
                    );
                case SendPlan.Blocked blocked:
                    return new ChannelWait(
                        channel.Name,
                        now + Recheck,
                        $"{channel.Name}: {blocked.Reason}"
                    );
                case SendPlan.Send send:
                    if (!await SendAsync(lease, channel, send.Entries, ct))
                    {
                        // The channel failed or was rate limited: it waits as the store now says.
                        var after = await store.TakeChannelAsync(
                            lease,
                            channel.Name,
                            channel.IsRefresh,
                            ct
                        );
                        return WaitFor(lease, channel, after)
                            ?? new ChannelWait(
                                channel.Name,
                                after.Now + Recheck,
                                $"{channel.Name}: trying again"
                            );
                    }

                    break;
                default:
                    throw new InvalidOperationException($"Unknown send plan {plan}.");
            }
        }
    }

    private async Task<bool> SettledAsync(
        JobLease lease,
        INotifyChannel channel,
        CancellationToken ct
    ) =>
        (await store.AnnouncementsOfAsync(lease.ItemId, ct)).Any(a =>
            a.Channel == channel.Name
            && a.Status is not (AnnouncementStatus.Waiting or AnnouncementStatus.Sending)
        );

    /// <summary>One request for one batch. True when the channel answered (delivered, or refused the message).</summary>
    private async Task<bool> SendAsync(
        JobLease lease,
        INotifyChannel channel,
        IReadOnlyList<OutboxEntry> entries,
        CancellationToken ct
    )
    {
        var items = entries.Select(e => e.Item).ToList();
        var batch = $"{lease.Token}:{items[0].Id}";
        if (
            await store.BeginBatchAsync(
                lease,
                channel.Name,
                batch,
                [.. items.Select(i => i.Id)],
                ct
            ) == LeaseWrite.LeaseLost
        )
        {
            throw new LeaseLostException(lease);
        }

        BatchOutcome outcome;
        ExceptionDispatchInfo? interrupted = null;
        try
        {
            await channel.SendAsync(items, $"{items[0].Id}:{channel.Name}", ct);
            outcome = new BatchOutcome.Delivered();
        }
        catch (DeliveryException ex)
        {
            outcome = Outcome(channel, ex);
        }
        catch (Exception ex)
        {
            // Shutdown during a rate-limit wait, or a payload that could not be built: nothing
            // went out, so the rows wait again.
            outcome = new BatchOutcome.Aborted();
            interrupted = ExceptionDispatchInfo.Capture(ex);
        }

        var settled = await store.SettleBatchAsync(
            lease,
            channel.Name,
            batch,
            outcome,
            CancellationToken.None
        );
        interrupted?.Throw();
        if (settled == LeaseWrite.LeaseLost)
        {
            // The rows stay in flight: the next sender records them as unconfirmed.
            throw new LeaseLostException(lease);
        }

        Report(channel, items, outcome);
        return outcome is BatchOutcome.Delivered or BatchOutcome.Unknown or BatchOutcome.Rejected;
    }

    private BatchOutcome Outcome(INotifyChannel channel, DeliveryException ex)
    {
        var error = channels.Redact(ex.Message);
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
