using Dapper;

namespace Sluice.Store;

/// <summary>One FUSE mount a node supervises, as that node last published it.</summary>
/// <param name="UpdatedAt">When the node published it (the database's clock): an old value on a dead node is a last word, not the present.</param>
public sealed record NodeMount(
    string Node,
    string Name,
    string Kind,
    string Path,
    string State,
    int? Pid,
    int Restarts,
    DateTimeOffset Since,
    string? LastError,
    DateTimeOffset? NextAttempt,
    DateTimeOffset UpdatedAt = default
);

public sealed partial class EngineStore
{
    private sealed class NodeMountRow
    {
        public string Node { get; set; } = "";
        public string Name { get; set; } = "";
        public string Kind { get; set; } = "";
        public string Path { get; set; } = "";
        public string State { get; set; } = "";
        public int? Pid { get; set; }
        public int Restarts { get; set; }
        public long Since { get; set; }
        public string? LastError { get; set; }
        public long? NextAttempt { get; set; }
        public long UpdatedAt { get; set; }
    }

    /// <summary>Replaces <paramref name="node"/>'s published mounts with <paramref name="mounts"/> (none: it supervises nothing now).</summary>
    public Task PublishMountsAsync(
        string node,
        IReadOnlyList<NodeMount> mounts,
        CancellationToken ct
    ) =>
        WriteAsync(
            async tx =>
            {
                await tx.ExecuteAsync("DELETE FROM node_mount WHERE node = @node", new { node });
                foreach (var m in mounts)
                {
                    await tx.ExecuteAsync(
                        """
                        INSERT INTO node_mount(node, name, kind, path, state, pid, restarts, since, last_error, next_attempt, updated_at)
                        VALUES (@node, @Name, @Kind, @Path, @State, @Pid, @Restarts, @since, @LastError, @next, @now)
                        """,
                        new
                        {
                            node,
                            m.Name,
                            m.Kind,
                            m.Path,
                            m.State,
                            m.Pid,
                            m.Restarts,
                            since = m.Since.ToUnixTimeMilliseconds(),
                            m.LastError,
                            next = m.NextAttempt?.ToUnixTimeMilliseconds(),
                            now = tx.Now,
                        }
                    );
                }

                return mounts.Count;
            },
            ct
        );

    /// <summary>Every node's published mounts, by node and name.</summary>
    public async Task<IReadOnlyList<NodeMount>> MountsAsync(CancellationToken ct)
    {
        await using var connection = await dialect.OpenAsync(ct);
        var rows = await connection.QueryAsync<NodeMountRow>(
            new CommandDefinition(
                """
                SELECT node AS Node, name AS Name, kind AS Kind, path AS Path, state AS State, pid AS Pid,
                       restarts AS Restarts, since AS Since, last_error AS LastError,
                       next_attempt AS NextAttempt, updated_at AS UpdatedAt
                FROM node_mount ORDER BY node, name
                """,
                cancellationToken: ct
            )
        );
        return
        [
            .. rows.Select(r => new NodeMount(
                r.Node,
                r.Name,
                r.Kind,
                r.Path,
                r.State,
                r.Pid,
                r.Restarts,
                Time(r.Since),
                r.LastError,
                r.NextAttempt is { } next ? Time(next) : null,
                Time(r.UpdatedAt)
            )),
        ];
    }
}
