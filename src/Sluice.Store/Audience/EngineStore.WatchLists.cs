using Dapper;
using Sluice.Domain.Items;

namespace Sluice.Store;

/// <summary>Watch lists' last good copies, and the outbox rows a channel's filters left out.</summary>
public sealed partial class EngineStore
{
    private sealed class WatchListRow
    {
        public string Source { get; set; } = "";
        public string? Entries { get; set; }
        public long? FetchedAt { get; set; }
        public long TriedAt { get; set; }
        public string? Error { get; set; }
    }

    private const string WatchListColumns = """
        SELECT source AS Source, entries AS Entries, fetched_at AS FetchedAt, tried_at AS TriedAt, error AS Error
        FROM notify_list
        """;

    public Task<IReadOnlyList<StoredWatchList>> WatchListsAsync(CancellationToken ct) =>
        ReadAsync<IReadOnlyList<StoredWatchList>>(
            async (connection, _) =>
                [
                    .. (
                        await connection.QueryAsync<WatchListRow>(
                            new CommandDefinition(
                                WatchListColumns + " ORDER BY source",
                                cancellationToken: ct
                            )
                        )
                    ).Select(ToWatchList),
                ],
            ct
        );

    /// <summary>The list's stored copy with the database's now, to judge its age on one clock.</summary>
    public Task<(StoredWatchList? List, DateTimeOffset Now)> WatchListAsync(
        string source,
        CancellationToken ct
    ) =>
        ReadAsync<(StoredWatchList?, DateTimeOffset)>(
            async (connection, now) =>
            {
                var row = await connection.QuerySingleOrDefaultAsync<WatchListRow>(
                    new CommandDefinition(
                        WatchListColumns + " WHERE source = @source",
                        new { source },
                        cancellationToken: ct
                    )
                );
                return (row is null ? null : ToWatchList(row), Time(now));
            },
            ct
        );

    /// <summary>Records a fetched list (<paramref name="entries"/>) or, when null, a failed fetch and why.</summary>
    public Task SaveWatchListAsync(
        string source,
        string? entries,
        string? error,
        CancellationToken ct
    ) =>
        WriteAsync(
            tx =>
                tx.ExecuteAsync(
                    entries is not null
                        ? """
                        INSERT INTO notify_list(source, entries, fetched_at, tried_at, error)
                        VALUES (@source, @entries, @now, @now, NULL)
                        ON CONFLICT (source) DO UPDATE SET entries = @entries, fetched_at = @now, tried_at = @now, error = NULL
                        """
                        : """
                        INSERT INTO notify_list(source, entries, fetched_at, tried_at, error)
                        VALUES (@source, NULL, NULL, @now, @error)
                        ON CONFLICT (source) DO UPDATE SET tried_at = @now, error = @error
                        """,
                    new
                    {
                        source,
                        entries,
                        error,
                        now = tx.Now,
                    }
                ),
            ct
        );

    /// <summary>
    /// Settles the items' rows on the channel as not announced because of its filters, fenced by
    /// the job's lease and its hold on the channel like a send.
    /// </summary>
    public Task<LeaseWrite> FilterOutAsync(
        JobLease lease,
        string channel,
        IReadOnlyList<(ItemId Item, string Reason)> rows,
        CancellationToken ct
    ) =>
        WriteAsync(
            async tx =>
            {
                if (!await SendsOnAsync(tx, lease, channel))
                {
                    return LeaseWrite.LeaseLost;
                }

                foreach (var (item, reason) in rows)
                {
                    await tx.ExecuteAsync(
                        """
                        UPDATE outbox SET sent_at = @now, filtered = @reason
                        WHERE item_id = @id AND channel = @channel
                          AND sent_at IS NULL AND sending_at IS NULL AND rejected IS NULL
                        """,
                        new
                        {
                            id = item.ToString(),
                            channel,
                            reason,
                            now = tx.Now,
                        }
                    );
                }

                return LeaseWrite.Applied;
            },
            ct
        );

    private static StoredWatchList ToWatchList(WatchListRow r) =>
        new(
            r.Source,
            r.Entries,
            r.FetchedAt is { } fetched ? Time(fetched) : null,
            Time(r.TriedAt),
            r.Error
        );
}
