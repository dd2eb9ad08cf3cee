namespace Sluice.Store;

public sealed partial class EngineStore
{
    /// <summary>
    /// Records what became of a send: its rows sent, unconfirmed, waiting again or refused, and
    /// the channel's health (failures reset on an answer, counted and backed off with jitter on a
    /// failure, quarantined after the policy's number of them or at once when the webhook is gone).
    /// Fenced by the lease and the hold on the channel: a sender that lost either writes nothing,
    /// and its rows stay in flight for the next sender to settle.
    /// </summary>
    public Task<LeaseWrite> SettleBatchAsync(
        JobLease lease,
        string channel,
        string batch,
        BatchOutcome outcome,
        CancellationToken ct
    ) =>
        WriteAsync(
            async tx =>
            {
                if (!await SendsOnAsync(tx, lease, channel))
                {
                    return LeaseWrite.LeaseLost;
                }

                var rows = new
                {
                    channel,
                    batch,
                    now = tx.Now,
                };
                switch (outcome)
                {
                    case BatchOutcome.Delivered:
                        await SettleRowsAsync(tx, "sent_at = @now, unconfirmed = 0", rows);
                        await ChannelAnsweredAsync(tx, channel, null);
                        break;
                    case BatchOutcome.Unknown unknown:
                        await SettleRowsAsync(
                            tx,
                            "sent_at = @now, unconfirmed = 1, last_error = @error",
                            new
                            {
                                channel,
                                batch,
                                now = tx.Now,
                                error = unknown.Error,
                            }
                        );
                        break;
                    case BatchOutcome.Aborted:
                        await SettleRowsAsync(tx, "sending_at = NULL", rows);
                        break;
                    case BatchOutcome.Deferred deferred:
                        await SettleRowsAsync(tx, "sending_at = NULL", rows);
                        await tx.ExecuteAsync(
                            "UPDATE notify_channel SET retry_at = @until, last_error = @reason, updated_at = @now WHERE channel = @channel",
                            new
                            {
                                channel,
                                until = tx.Now + (long)deferred.For.TotalMilliseconds,
                                reason = deferred.Reason,
                                now = tx.Now,
                            }
                        );
                        break;
                    case BatchOutcome.Failed failed:
                        await SettleRowsAsync(
                            tx,
                            "sending_at = NULL, last_error = @error",
                            new
                            {
                                channel,
                                batch,
                                now = tx.Now,
                                error = failed.Error,
                            }
                        );
                        await ChannelFailedAsync(tx, channel, failed);
                        break;
                    case BatchOutcome.Rejected rejected:
                        await SettleRowsAsync(
                            tx,
                            "sending_at = NULL, rejected = @error, last_error = @error",
                            new
                            {
                                channel,
                                batch,
                                now = tx.Now,
                                error = rejected.Error,
                            }
                        );
                        await ChannelAnsweredAsync(tx, channel, rejected.Error);
                        break;
                    default:
                        throw new ArgumentOutOfRangeException(
                            nameof(outcome),
                            outcome,
                            "Unknown batch outcome."
                        );
                }

                return LeaseWrite.Applied;
            },
            ct
        );

    private static Task<int> SettleRowsAsync(Tx tx, string set, object args) =>
        tx.ExecuteAsync(
            $"UPDATE outbox SET {set} WHERE channel = @channel AND batch = @batch AND sent_at IS NULL",
            args
        );

    /// <summary>The server answered: the channel works, whatever it said about this message.</summary>
    private static Task<int> ChannelAnsweredAsync(Tx tx, string channel, string? error) =>
        tx.ExecuteAsync(
            "UPDATE notify_channel SET failures = 0, retry_at = NULL, last_error = @error, updated_at = @now WHERE channel = @channel",
            new
            {
                channel,
                error,
                now = tx.Now,
            }
        );

    private async Task ChannelFailedAsync(Tx tx, string channel, BatchOutcome.Failed failed)
    {
        await tx.ExecuteAsync(
            "UPDATE notify_channel SET failures = failures + 1 WHERE channel = @channel",
            new { channel }
        );
        var failures = (int)
            await tx.ScalarAsync<long>(
                "SELECT failures FROM notify_channel WHERE channel = @channel",
                new { channel }
            );
        var quarantine = failed.Gone || failures >= failed.Policy.QuarantineAfter;
        var retryAt =
            tx.Now + (long)failed.Policy.Backoff.Delay(failures, policy.Jitter()).TotalMilliseconds;
        await tx.ExecuteAsync(
            """
            UPDATE notify_channel
            SET retry_at = @retryAt, last_error = @error, updated_at = @now,
                quarantined_at = CASE WHEN @quarantine = 1 THEN @now ELSE quarantined_at END,
                quarantine_reason = CASE WHEN @quarantine = 1 THEN @reason ELSE quarantine_reason END
            WHERE channel = @channel
            """,
            new
            {
                channel,
                retryAt,
                error = failed.Error,
                now = tx.Now,
                quarantine = quarantine ? 1 : 0,
                reason = failed.Gone
                    ? failed.Error
                    : $"{failures} failures in a row; the last: {failed.Error}",
            }
        );
    }
}
