using Sluice.Domain.Items;

namespace Sluice.Store;

/// <summary>What the notify step may do for one channel.</summary>
public enum SendDecision
{
    /// <summary>Send now; the attempt is marked in flight.</summary>
    Send,

    /// <summary>Already delivered (or resolved as unconfirmed): nothing to do.</summary>
    Done,

    /// <summary>An earlier attempt died mid-send: recorded as unconfirmed, not repeated.</summary>
    Unconfirmed,

    LeaseLost,
}

public sealed partial class EngineStore
{
    private sealed class OutboxRow
    {
        public long? SentAt { get; set; }
        public long? SendingAt { get; set; }
    }

    /// <summary>
    /// The outbox's half of at-most-once delivery per item and channel: a send is marked in
    /// flight (committed) before the request goes out. A later attempt that finds the mark was
    /// left by a process that died mid-send cannot know whether the message arrived, and
    /// resolves it toward not repeating an announcement, visibly, in the journal.
    /// </summary>
    public Task<SendDecision> BeginSendAsync(
        JobLease lease,
        string channel,
        CancellationToken ct
    ) =>
        WriteAsync(
            async tx =>
            {
                if (!await FenceAsync(tx, lease, "running"))
                {
                    return SendDecision.LeaseLost;
                }

                var row = await tx.SingleOrDefaultAsync<OutboxRow>(
                    "SELECT sent_at AS SentAt, sending_at AS SendingAt FROM outbox WHERE item_id = @id AND channel = @channel",
                    new { id = lease.ItemId.ToString(), channel }
                );
                if (row is null || row.SentAt is not null)
                {
                    return SendDecision.Done;
                }

                if (row.SendingAt is not null)
                {
                    var (applied, rejection) = await ApplyAsync(
                        tx,
                        lease.ItemId,
                        new RecordNotification(channel, Unconfirmed: true),
                        Cause.Of(lease)
                    );
                    return applied is null
                        ? throw new InvalidTransitionException(rejection!)
                        : SendDecision.Unconfirmed;
                }

                await tx.ExecuteAsync(
                    "UPDATE outbox SET sending_at = @now, attempts = attempts + 1 WHERE item_id = @id AND channel = @channel",
                    new
                    {
                        id = lease.ItemId.ToString(),
                        channel,
                        now = tx.Now,
                    }
                );
                return SendDecision.Send;
            },
            ct
        );

    /// <summary>The send failed without delivering (an error answer): clear the mark so a retry sends again.</summary>
    public Task<LeaseWrite> AbortSendAsync(
        JobLease lease,
        string channel,
        string error,
        CancellationToken ct
    ) =>
        WriteAsync(
            async tx =>
            {
                if (!await FenceAsync(tx, lease, "running"))
                {
                    return LeaseWrite.LeaseLost;
                }

                await tx.ExecuteAsync(
                    "UPDATE outbox SET sending_at = NULL, last_error = @error WHERE item_id = @id AND channel = @channel",
                    new
                    {
                        id = lease.ItemId.ToString(),
                        channel,
                        error,
                    }
                );
                return LeaseWrite.Applied;
            },
            ct
        );
}
