using Dapper;
using Sluice.Domain.Items;

namespace Sluice.Store;

/// <summary>What library tools read and write of items: the items under a folder, a step's journal entry, redirects.</summary>
public sealed partial class EngineStore
{
    /// <summary>Every item whose file sits under <paramref name="folder"/> (library-relative), by path.</summary>
    public Task<IReadOnlyList<Item>> ItemsUnderAsync(string folder, CancellationToken ct) =>
        ReadAsync<IReadOnlyList<Item>>(
            async (connection, _) =>
                [
                    .. (
                        await connection.QueryAsync<string>(
                            new CommandDefinition(
                                """
                                SELECT data FROM item WHERE library_path LIKE @prefix ESCAPE '!'
                                ORDER BY library_path
                                """,
                                new { prefix = LikePrefix(folder.TrimEnd('/') + "/") },
                                cancellationToken: ct
                            )
                        )
                    ).Select(ItemJson.DeserializeItem),
                ],
            ct
        );

    private static string LikePrefix(string value) =>
        value
            .Replace("!", "!!", StringComparison.Ordinal)
            .Replace("%", "!%", StringComparison.Ordinal)
            .Replace("_", "!_", StringComparison.Ordinal) + "%";

    /// <summary>
    /// Marks step <paramref name="step"/> of the operation done, with what it means for an item's
    /// journal (<paramref name="item"/>) and for later episodes (<paramref name="redirect"/>), in
    /// one fenced transaction: a step's journal entry is written exactly once, even when the
    /// step itself ran twice.
    /// </summary>
    public Task<LeaseWrite> AdvanceLibraryOpAsync(
        LibraryOpLease lease,
        int step,
        (ItemId Id, ItemCommand Command)? item,
        (string From, string To)? redirect,
        CancellationToken ct
    ) =>
        WriteAsync(
            async tx =>
            {
                var fenced = await tx.ExecuteAsync(
                    $"""
                    UPDATE library_op SET steps_done = @next, updated_at = @now
                    WHERE {OpFence} AND steps_done = @step
                    """,
                    new
                    {
                        opId = lease.OpId,
                        token = lease.Token,
                        step,
                        next = step + 1,
                        now = tx.Now,
                    }
                );
                if (fenced != 1)
                {
                    return LeaseWrite.LeaseLost;
                }

                if (item is { } change)
                {
                    var (applied, rejection) = await ApplyAsync(
                        tx,
                        change.Id,
                        change.Command,
                        new Cause(null, lease.Token, lease.Node, lease.Attempt)
                    );
                    if (applied is null)
                    {
                        throw new InvalidTransitionException(rejection!);
                    }
                }

                if (redirect is { } r)
                {
                    await RedirectAsync(tx, r.From, r.To, lease.OpId);
                }

                return LeaseWrite.Applied;
            },
            ct
        );

    /// <summary>
    /// Later episodes of a show that moved from <paramref name="from"/> go to <paramref name="to"/>.
    /// Chains collapse (A→B then B→C is A→C and B→C), and a show moved back drops its redirect.
    /// </summary>
    private static async Task RedirectAsync(Tx tx, string from, string to, long opId)
    {
        await tx.ExecuteAsync("DELETE FROM library_redirect WHERE from_folder = @to", new { to });
        await tx.ExecuteAsync(
            "UPDATE library_redirect SET to_folder = @to WHERE to_folder = @from",
            new { from, to }
        );
        await tx.ExecuteAsync(
            "DELETE FROM library_redirect WHERE from_folder = @from",
            new { from }
        );
        await tx.ExecuteAsync(
            """
            INSERT INTO library_redirect(from_folder, to_folder, op_id, created_at)
            VALUES (@from, @to, @opId, @now)
            """,
            new
            {
                from,
                to,
                opId,
                now = tx.Now,
            }
        );
    }

    /// <summary>The path a new file should take: under the show's new folder when its show moved.</summary>
    public Task<string> FollowRedirectAsync(string libraryPath, CancellationToken ct) =>
        ReadAsync(
            async (connection, _) =>
            {
                var redirects = await connection.QueryAsync<(string From, string To)>(
                    new CommandDefinition(
                        "SELECT from_folder, to_folder FROM library_redirect",
                        cancellationToken: ct
                    )
                );
                var match = redirects
                    .Where(r => libraryPath.StartsWith(r.From + "/", StringComparison.Ordinal))
                    .OrderByDescending(r => r.From.Length)
                    .FirstOrDefault();
                return match.From is null
                    ? libraryPath
                    : match.To + libraryPath[match.From.Length..];
            },
            ct
        );

    public Task<IReadOnlyList<(string From, string To)>> RedirectsAsync(CancellationToken ct) =>
        ReadAsync<IReadOnlyList<(string From, string To)>>(
            async (connection, _) =>
                [
                    .. await connection.QueryAsync<(string From, string To)>(
                        new CommandDefinition(
                            "SELECT from_folder, to_folder FROM library_redirect ORDER BY from_folder",
                            cancellationToken: ct
                        )
                    ),
                ],
            ct
        );
}
