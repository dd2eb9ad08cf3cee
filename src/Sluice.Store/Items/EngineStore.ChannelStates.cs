using Dapper;
using Sluice.Domain.Items;

namespace Sluice.Store;

public sealed partial class EngineStore
{
    private sealed class ChannelStateRow
    {
        public string Channel { get; set; } = "";
        public long Failures { get; set; }
        public long? RetryAt { get; set; }
        public long? QuarantinedAt { get; set; }
        public string? QuarantineReason { get; set; }
        public string? LastError { get; set; }
        public long Waiting { get; set; }
        public long? OldestWaiting { get; set; }
    }

    /// <summary>Every channel the cluster has sent on or queued for, by name.</summary>
    public async Task<IReadOnlyList<ChannelState>> ChannelStatesAsync(CancellationToken ct)
    {
        await using var connection = await dialect.OpenAsync(ct);
        var rows = await connection.QueryAsync<ChannelStateRow>(
            new CommandDefinition(
                """
                SELECT c.channel AS Channel, c.failures AS Failures, c.retry_at AS RetryAt,
                       c.quarantined_at AS QuarantinedAt, c.quarantine_reason AS QuarantineReason,
                       c.last_error AS LastError,
                       (SELECT COUNT(*) FROM outbox o JOIN item i ON i.item_id = o.item_id
                        WHERE o.channel = c.channel AND o.sent_at IS NULL AND i.state = @state) AS Waiting,
                       (SELECT MIN(o.created_at) FROM outbox o JOIN item i ON i.item_id = o.item_id
                        WHERE o.channel = c.channel AND o.sent_at IS NULL AND i.state = @state) AS OldestWaiting
                FROM notify_channel c ORDER BY c.channel
                """,
                new { state = Names.Of(ItemState.Encoded) },
                cancellationToken: ct
            )
        );
        return
        [
            .. rows.Select(r => new ChannelState(
                r.Channel,
                (int)r.Failures,
                r.RetryAt is { } retry ? Time(retry) : null,
                r.QuarantinedAt is { } at ? Time(at) : null,
                r.QuarantineReason,
                r.LastError,
                r.Waiting,
                r.OldestWaiting is { } oldest ? Time(oldest) : null
            )),
        ];
    }

    /// <summary>
    /// An operator's release: the channel's quarantine and backoff end, its failure count starts
    /// again, and the items waiting for it are woken now. False: it was neither quarantined nor
    /// backing off.
    /// </summary>
    public Task<bool> ReleaseChannelAsync(string channel, CancellationToken ct) =>
        WriteAsync(
            async tx =>
            {
                var released = await tx.ExecuteAsync(
                    """
                    UPDATE notify_channel
                    SET quarantined_at = NULL, quarantine_reason = NULL, failures = 0, retry_at = NULL, updated_at = @now
                    WHERE channel = @channel AND (quarantined_at IS NOT NULL OR retry_at > @now)
                    """,
                    new { channel, now = tx.Now }
                );
                if (released == 0)
                {
                    return false;
                }

                // Their notify jobs were put off (no attempt spent) while the channel waited.
                var woken = await tx.ExecuteAsync(
                    """
                    UPDATE job SET run_at = @now, updated_at = @now
                    WHERE step = @step AND state = 'retryable' AND run_at > @now
                      AND item_id IN (SELECT item_id FROM outbox WHERE channel = @channel AND sent_at IS NULL)
                    """,
                    new
                    {
                        channel,
                        step = Names.Of(Step.Notify),
                        now = tx.Now,
                    }
                );
                if (woken > 0)
                {
                    await NotifyQueueAsync(tx, policy.For(Step.Notify).Queue);
                }

                return true;
            },
            ct
        );
}
