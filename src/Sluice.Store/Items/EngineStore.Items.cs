using Sluice.Domain.Items;

namespace Sluice.Store;

public sealed partial class EngineStore
{
    /// <summary>
    /// Creates the item for a newly found file, with its first job, unless an item with the
    /// same content fingerprint exists: duplicate discoveries of one file are one item.
    /// </summary>
    public Task<DiscoverResult> DiscoverAsync(
        NewItem file,
        CancellationToken ct,
        string? node = null
    ) =>
        WriteAsync<DiscoverResult>(
            async tx =>
            {
                var id = ItemId.New();
                var discovered = ItemMachine
                    .Decide(
                        null,
                        new Discover(
                            id,
                            file.Name,
                            file.IncomingPath,
                            file.Size,
                            file.SourceKey,
                            node
                        )
                    )
                    .EventsOrThrow();
                var snapshot = discovered.Aggregate(
                    (Item?)null,
                    (i, e) => ItemMachine.Apply(i, e, id)
                )!;
                // The unique source key decides between concurrent discoveries of the same bytes:
                // the loser inserts nothing and reads the winner's item.
                var inserted = await tx.SingleOrDefaultAsync<string>(
                    """
                    INSERT INTO item(item_id, source_key, state, version, name, data, created_at, updated_at)
                    VALUES (@id, @key, @state, @version, @name, @data, @now, @now)
                    ON CONFLICT (source_key) DO NOTHING
                    RETURNING item_id
                    """,
                    new
                    {
                        id = id.ToString(),
                        key = file.SourceKey,
                        state = Names.Of(snapshot.State),
                        version = snapshot.Version,
                        name = file.Name,
                        data = ItemJson.Serialize(snapshot),
                        now = tx.Now,
                    }
                );
                if (inserted is null)
                {
                    var existing = ItemJson.DeserializeItem(
                        (
                            await tx.SingleOrDefaultAsync<string>(
                                "SELECT data FROM item WHERE source_key = @key",
                                new { key = file.SourceKey }
                            )
                        )!
                    );
                    return new DiscoverResult.Existing(
                        existing.Id,
                        existing.State,
                        existing.IncomingPath,
                        existing.LibraryPath
                    );
                }

                foreach (var (e, seq) in discovered.Select((e, i) => (e, i + 1)))
                {
                    await AppendAsync(tx, id, seq, e, new Cause(null, null, node, null));
                }

                await ReconcileJobAsync(tx, snapshot);
                return new DiscoverResult.Created(id);
            },
            ct
        );

    /// <summary>
    /// An operator's or a maintenance task's command (retry, cancel, evict, duplicate): decided,
    /// journaled and followed by the job it implies, in one transaction.
    /// </summary>
    public Task<CommandResult> CommandAsync(
        ItemId id,
        ItemCommand command,
        string by,
        CancellationToken ct
    ) =>
        WriteAsync(
            async tx =>
            {
                var (applied, rejection) = await ApplyAsync(tx, id, command, Cause.Operator(by));
                if (applied is null)
                {
                    return CommandResult.Rejected(rejection!);
                }

                await ReconcileJobAsync(tx, applied.After);
                return CommandResult.Ok(applied.After);
            },
            ct
        );

    /// <summary>
    /// Records that a finished item gave up its library name to a better file (its vault copies
    /// already moved). Refused while the item has a step in progress or is pinned.
    /// </summary>
    public Task<CommandResult> SupersedeAsync(
        ItemId id,
        Supersede command,
        string node,
        CancellationToken ct
    ) =>
        WriteAsync(
            async tx =>
            {
                var blocked = await tx.ScalarAsync<long>(
                    """
                    SELECT (SELECT COUNT(*) FROM job WHERE item_id = @id AND state IN ('available', 'running', 'retryable'))
                         + (SELECT COUNT(*) FROM item WHERE item_id = @id AND pinned <> 0)
                    """,
                    new { id = id.ToString() }
                );
                if (blocked > 0)
                {
                    return CommandResult.Rejected(
                        $"Item {id} is pinned or has a step in progress; it keeps its name."
                    );
                }

                var (applied, rejection) = await ApplyAsync(tx, id, command, Cause.Operator(node));
                return applied is null
                    ? CommandResult.Rejected(rejection!)
                    : CommandResult.Ok(applied.After);
            },
            ct
        );
}
