using Sluice.Domain.Items;

namespace Sluice.Store;

public sealed partial class EngineStore
{
    /// <summary>
    /// Creates the item for a submitted file, resting where its entry stage runs next, with
    /// that stage's job, unless an item with the same source key or library path exists: a
    /// submission repeated (or racing itself) is one item, as a file dropped twice is.
    /// </summary>
    /// <exception cref="InvalidTransitionException">The machine refuses the submission (the caller checks first).</exception>
    public Task<SubmitResult> SubmitAsync(Submit submission, CancellationToken ct) =>
        WriteAsync<SubmitResult>(
            async tx =>
            {
                var events = ItemMachine.Decide(null, submission).EventsOrThrow();
                var snapshot = events.Aggregate(
                    (Item?)null,
                    (i, e) => ItemMachine.Apply(i, e, submission.Id)
                )!;
                var inserted = await tx.SingleOrDefaultAsync<string>(
                    """
                    INSERT INTO item(item_id, source_key, state, version, name, library_path, data, created_at, updated_at)
                    VALUES (@id, @key, @state, @version, @name, @libraryPath, @data, @now, @now)
                    ON CONFLICT DO NOTHING
                    RETURNING item_id
                    """,
                    new
                    {
                        id = submission.Id.ToString(),
                        key = submission.SourceKey,
                        state = Names.Of(snapshot.State),
                        version = snapshot.Version,
                        name = submission.Name,
                        libraryPath = snapshot.LibraryPath,
                        data = ItemJson.Serialize(snapshot),
                        now = tx.Now,
                    }
                );
                if (inserted is null)
                {
                    // Either key decides, also between concurrent submissions: the same source,
                    // or a library path an item already has (a vault path mirrors the library).
                    if (
                        await tx.SingleOrDefaultAsync<string>(
                            "SELECT item_id FROM item WHERE source_key = @key",
                            new { key = submission.SourceKey }
                        ) is
                        { } same
                    )
                    {
                        return new SubmitResult.Existing(
                            ItemId.Parse(same),
                            $"item {same} already has this source"
                        );
                    }

                    var owner = await tx.SingleOrDefaultAsync<string>(
                        "SELECT item_id FROM item WHERE library_path = @libraryPath",
                        new { libraryPath = snapshot.LibraryPath }
                    );
                    return new SubmitResult.Existing(
                        ItemId.Parse(owner!),
                        $"item {owner} already has {snapshot.LibraryPath}"
                    );
                }

                foreach (var (e, seq) in events.Select((e, i) => (e, i + 1)))
                {
                    await AppendAsync(tx, submission.Id, seq, e, Cause.Operator(submission.By));
                }

                await ReconcileJobAsync(tx, snapshot);
                return new SubmitResult.Created(submission.Id);
            },
            ct
        );
}

/// <summary>What became of a submission.</summary>
public abstract record SubmitResult(ItemId Id)
{
    public sealed record Created(ItemId Id) : SubmitResult(Id);

    /// <param name="Why">Which key matched, for the person who submitted.</param>
    public sealed record Existing(ItemId Id, string Why) : SubmitResult(Id);
}
