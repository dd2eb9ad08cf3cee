using System.Runtime.ExceptionServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sluice.Domain.Engine;
using Sluice.Node.Configuration;
using Sluice.Node.Engine;
using Sluice.Node.Notify.Audience;
using Sluice.Node.Secrets;
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
public sealed partial class ChannelDispatcher(
    EngineStore store,
    NotifyChannels channels,
    AnnouncementAudience audience,
    IOptions<NotifyOptions> options,
    SecretScrubber secrets,
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

    /// <summary>
    /// How often an item waiting on a quarantined channel looks again: only a safety net, since
    /// a release wakes it at once; each look is a claim in its journal.
    /// </summary>
    public static readonly TimeSpan QuarantineRecheck = TimeSpan.FromHours(1);

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
            var (all, now) = await store.WaitingOnAsync(channel.Name, Look, ct);
            if (await ScreenAsync(lease, channel, all, ct) is not { } screened)
            {
                continue; // rows were filtered out: look again
            }

            var (waiting, held) = screened;

            if (waiting.Count == 0 && held is not null)
            {
                return new ChannelWait(
                    channel.Name,
                    now + options.Value.Lists.RetryAfterFailure,
                    $"{channel.Name}: {held}"
                );
            }

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
                    // The refresh goes as soon as its server may be asked again: look then.
                    return new ChannelWait(
                        channel.Name,
                        await RefreshRetryAsync(now, ct) ?? now + Recheck,
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
        // Before the rows are marked in flight: a list fetch must not widen the unconfirmed window.
        var mentions =
            channel is IMentioningChannel
                ? await audience.MentionsAsync(channel.Name, items, ct)
                : Mentions.None;
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
            var key = $"{items[0].Id}:{channel.Name}";
            if (channel is IMentioningChannel mentioning)
            {
                await mentioning.SendAsync(items, mentions, key, ct);
            }
            else
            {
                await channel.SendAsync(items, key, ct);
            }
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

    /// <summary>When the first media server now backing off may be asked again, if one is.</summary>
    private async Task<DateTimeOffset?> RefreshRetryAsync(DateTimeOffset now, CancellationToken ct)
    {
        var refreshes = channels.All.Where(c => c.IsRefresh).Select(c => c.Name).ToHashSet();
        return (await store.ChannelStatesAsync(ct))
            .Where(c => refreshes.Contains(c.Channel) && c.RetryAt > now && c.QuarantinedAt is null)
            .Min(c => c.RetryAt);
    }
}
