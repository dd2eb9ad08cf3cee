using Dapper;
using Sluice.Domain.Items;

namespace Sluice.Store;

/// <summary>A finished item tiering may consider, with when Sluice itself last read its files.</summary>
public sealed record EvictionCandidate(Item Item, DateTimeOffset? LastAccess);

public sealed partial class EngineStore
{
    private const string ActiveJob =
        "SELECT COUNT(*) FROM job WHERE item_id = @id AND state IN ('available', 'running', 'retryable')";

    private sealed class EvictionRow
    {
        public string Data { get; set; } = "";
        public long? LastAccessAt { get; set; }
    }

    /// <summary>
    /// Finished, unpinned items with no step in progress that finished at least
    /// <paramref name="minResidency"/> ago (just-ingested files stay): the only files tiering
    /// may consider. Residency counts from the item's <c>notified</c> event, so a later pin,
    /// unpin or eviction of its other file does not restart it. The caller still re-verifies
    /// the vault copy, and <see cref="RecordEvictionAsync"/> checks all of this again.
    /// </summary>
    public async Task<IReadOnlyList<EvictionCandidate>> EvictionCandidatesAsync(
        TimeSpan minResidency,
        CancellationToken ct
    )
    {
        await using var connection = await dialect.OpenAsync(ct);
        var now = await dialect.NowAsync(connection, null, ct);
        var rows = await connection.QueryAsync<EvictionRow>(
            new CommandDefinition(
                """
                SELECT i.data AS Data, i.last_access_at AS LastAccessAt FROM item i
                WHERE i.state = 'notified' AND i.pinned = 0
                  AND NOT EXISTS (SELECT 1 FROM job j WHERE j.item_id = i.item_id
                                  AND j.state IN ('available', 'running', 'retryable'))
                  AND (SELECT MAX(e.at) FROM item_event e
                       WHERE e.item_id = i.item_id AND e.type = 'notified') <= @before
                """,
                new { before = now - (long)minResidency.TotalMilliseconds },
                cancellationToken: ct
            )
        );
        return
        [
            .. rows.Select(r => new EvictionCandidate(
                ItemJson.DeserializeItem(r.Data),
                r.LastAccessAt is { } at ? Time(at) : null
            )),
        ];
    }

    /// <summary>
    /// Journals an eviction with the bytes it frees. The linearisation point of an eviction:
    /// decided under the item's write lock, it is refused while the item has a step in
    /// progress, is pinned (a pin that commits first wins) or is not finished, or has no vault
    /// copy in its journal. Tiering deletes the file only after this is applied.
    /// </summary>
    public Task<CommandResult> RecordEvictionAsync(
        ItemId id,
        Artifact artifact,
        long bytes,
        string node,
        CancellationToken ct
    ) =>
        WriteAsync(
            async tx =>
            {
                if (await tx.ScalarAsync<long>(ActiveJob, new { id = id.ToString() }) > 0)
                {
                    return CommandResult.Rejected(
                        $"Item {id} has a step in progress; its files are pinned."
                    );
                }

                var (applied, rejection) = await ApplyAsync(
                    tx,
                    id,
                    new Evict(artifact, bytes),
                    Cause.Operator(node)
                );
                return applied is null
                    ? CommandResult.Rejected(rejection!)
                    : CommandResult.Ok(applied.After);
            },
            ct
        );

    /// <summary>Whether the item is pinned against tiering and replacement.</summary>
    public async Task<bool> IsPinnedAsync(ItemId id, CancellationToken ct)
    {
        await using var connection = await dialect.OpenAsync(ct);
        return await connection.ExecuteScalarAsync<long>(
                new CommandDefinition(
                    "SELECT pinned FROM item WHERE item_id = @id",
                    new { id = id.ToString() },
                    cancellationToken: ct
                )
            ) != 0;
    }

    /// <summary>
    /// Pins or unpins an item's files against tiering, through the state machine: the change
    /// is an event on the item's timeline, and pinning twice is refused rather than ignored.
    /// </summary>
    public Task<CommandResult> SetPinnedAsync(
        ItemId id,
        bool pinned,
        CancellationToken ct,
        string by = "operator"
    ) => CommandAsync(id, pinned ? new Pin(by) : new Unpin(by), by, ct);

    /// <summary>
    /// Records that Sluice itself just read the item's files (not journaled: reads are
    /// frequent and change nothing). False when there is no such item.
    /// </summary>
    public Task<bool> RecordAccessAsync(ItemId id, CancellationToken ct) =>
        WriteAsync(
            async tx =>
                await tx.ExecuteAsync(
                    "UPDATE item SET last_access_at = @now WHERE item_id = @id",
                    new { id = id.ToString(), now = tx.Now }
                ) == 1,
            ct
        );

    /// <summary>The pinned column follows the Pinned/Unpinned events, so queries can filter on it.</summary>
    private static async Task ProjectPinAsync(Tx tx, ItemId id, ItemEvent e)
    {
        if (e is Pinned or Unpinned)
        {
            await tx.ExecuteAsync(
                "UPDATE item SET pinned = @pinned WHERE item_id = @id",
                new { id = id.ToString(), pinned = e is Pinned ? 1 : 0 }
            );
        }
    }
}
