using Dapper;

namespace Sluice.Store;

/// <summary>
/// The announcement filters and subscriptions ctl manages, shared by the cluster: every node's
/// sender reads them on each turn, so a change takes effect without a restart.
/// </summary>
public sealed partial class EngineStore
{
    private sealed class FilterRow
    {
        public string Channel { get; set; } = "";
        public string Source { get; set; } = "";
        public long CreatedAt { get; set; }
    }

    private sealed class SubscriptionRow
    {
        public string Show { get; set; } = "";
        public string Mention { get; set; } = "";
        public string Channel { get; set; } = "";
        public long CreatedAt { get; set; }
    }

    public Task<IReadOnlyList<StoredFilter>> FiltersAsync(CancellationToken ct) =>
        ReadAsync<IReadOnlyList<StoredFilter>>(
            async (connection, _) =>
                [
                    .. (
                        await connection.QueryAsync<FilterRow>(
                            new CommandDefinition(
                                "SELECT channel AS Channel, source AS Source, created_at AS CreatedAt FROM notify_filter ORDER BY channel, source",
                                cancellationToken: ct
                            )
                        )
                    ).Select(r => new StoredFilter(r.Channel, r.Source, Time(r.CreatedAt))),
                ],
            ct
        );

    /// <summary>False when the channel already had the source.</summary>
    public Task<bool> AddFilterAsync(string channel, string source, CancellationToken ct) =>
        WriteAsync(
            async tx =>
                await tx.ExecuteAsync(
                    """
                    INSERT INTO notify_filter(channel, source, created_at) VALUES (@channel, @source, @now)
                    ON CONFLICT (channel, source) DO NOTHING
                    """,
                    new
                    {
                        channel,
                        source,
                        now = tx.Now,
                    }
                ) == 1,
            ct
        );

    /// <summary>False when the channel had no such source.</summary>
    public Task<bool> RemoveFilterAsync(string channel, string source, CancellationToken ct) =>
        WriteAsync(
            async tx =>
                await tx.ExecuteAsync(
                    "DELETE FROM notify_filter WHERE channel = @channel AND source = @source",
                    new { channel, source }
                ) > 0,
            ct
        );

    public Task<IReadOnlyList<StoredSubscription>> SubscriptionsAsync(CancellationToken ct) =>
        ReadAsync<IReadOnlyList<StoredSubscription>>(
            async (connection, _) =>
                [
                    .. (
                        await connection.QueryAsync<SubscriptionRow>(
                            new CommandDefinition(
                                """
                                SELECT show AS Show, mention AS Mention, channel AS Channel, created_at AS CreatedAt
                                FROM notify_subscription ORDER BY show, channel, mention
                                """,
                                cancellationToken: ct
                            )
                        )
                    ).Select(r => new StoredSubscription(
                        r.Show,
                        r.Mention,
                        r.Channel,
                        Time(r.CreatedAt)
                    )),
                ],
            ct
        );

    /// <summary>False when the subscription already existed.</summary>
    public Task<bool> AddSubscriptionAsync(
        string show,
        string mention,
        string channel,
        CancellationToken ct
    ) =>
        WriteAsync(
            async tx =>
                await tx.ExecuteAsync(
                    """
                    INSERT INTO notify_subscription(show, mention, channel, created_at)
                    VALUES (@show, @mention, @channel, @now)
                    ON CONFLICT (show, mention, channel) DO NOTHING
                    """,
                    new
                    {
                        show,
                        mention,
                        channel,
                        now = tx.Now,
                    }
                ) == 1,
            ct
        );

    /// <summary>False when there was no such subscription.</summary>
    public Task<bool> RemoveSubscriptionAsync(
        string show,
        string mention,
        string channel,
        CancellationToken ct
    ) =>
        WriteAsync(
            async tx =>
                await tx.ExecuteAsync(
                    "DELETE FROM notify_subscription WHERE show = @show AND mention = @mention AND channel = @channel",
                    new
                    {
                        show,
                        mention,
                        channel,
                    }
                ) > 0,
            ct
        );
}
