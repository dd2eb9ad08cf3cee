using Dapper;

namespace Sluice.Store;

public sealed partial class EngineStore
{
    private sealed class NodeRow
    {
        public string Name { get; set; } = "";
        public string Instance { get; set; } = "";
        public string Host { get; set; } = "";
        public long Pid { get; set; }
        public string Roles { get; set; } = "";
        public long Draining { get; set; }
        public long StartedAt { get; set; }
        public long HeartbeatAt { get; set; }
    }

    private const string NodeSelect = """
        SELECT name AS Name, instance AS Instance, host AS Host, pid AS Pid, roles AS Roles,
               draining AS Draining, started_at AS StartedAt, heartbeat_at AS HeartbeatAt
        FROM node
        """;

    /// <summary>
    /// Registers a starting node and takes back the jobs its previous instance held. Refuses
    /// when another live process holds the name: on this host a live pid, elsewhere a
    /// heartbeat younger than the lease. A crashed instance's fresh heartbeat does not block
    /// its own restart, because its pid is gone.
    /// </summary>
    public async Task<int> StartNodeAsync(
        NodeIdentity node,
        TimeSpan lease,
        Func<int, bool> isLocalProcessAlive,
        CancellationToken ct
    )
    {
        await WriteAsync(
            async tx =>
            {
                var existing = await tx.SingleOrDefaultAsync<NodeRow>(
                    $"{NodeSelect} WHERE name = @name",
                    new { name = node.Name }
                );
                if (existing is not null && existing.Instance != node.Instance.ToString())
                {
                    var fresh = tx.Now - existing.HeartbeatAt < (long)lease.TotalMilliseconds;
                    var sameHost = existing.Host == node.Host;
                    if (
                        sameHost
                        && existing.Pid != node.Pid
                        && isLocalProcessAlive((int)existing.Pid)
                    )
                    {
                        throw new NodeNameInUseException(
                            $"Node '{node.Name}' is already running here as process {existing.Pid}; stop it or pick another --name."
                        );
                    }

                    if (!sameHost && fresh)
                    {
                        throw new NodeNameInUseException(
                            $"Node '{node.Name}' is live on host {existing.Host} (heartbeat {(tx.Now - existing.HeartbeatAt) / 1000.0:0.#} s ago); pick another --name."
                        );
                    }
                }

                await tx.ExecuteAsync(
                    """
                    INSERT INTO node(name, instance, host, pid, roles, draining, started_at, heartbeat_at)
                    VALUES (@name, @instance, @host, @pid, @roles, 0, @now, @now)
                    ON CONFLICT (name) DO UPDATE SET instance = @instance, host = @host, pid = @pid,
                        roles = @roles, draining = 0, started_at = @now, heartbeat_at = @now
                    """,
                    new
                    {
                        name = node.Name,
                        instance = node.Instance.ToString(),
                        host = node.Host,
                        pid = node.Pid,
                        roles = string.Join(',', node.Roles),
                        now = tx.Now,
                    }
                );
                return 0;
            },
            ct
        );
        return await RescueOwnAsync(node.Name, ct);
    }

    /// <summary>Renews the node's presence and reads what operators asked of it.</summary>
    public Task<NodeHeartbeat> HeartbeatNodeAsync(NodeIdentity node, CancellationToken ct) =>
        WriteAsync(
            async tx =>
            {
                var owned =
                    await tx.ExecuteAsync(
                        "UPDATE node SET heartbeat_at = @now WHERE name = @name AND instance = @instance",
                        new
                        {
                            name = node.Name,
                            instance = node.Instance.ToString(),
                            now = tx.Now,
                        }
                    ) == 1;
                var draining = await tx.ScalarAsync<long>(
                    "SELECT draining FROM node WHERE name = @name",
                    new { name = node.Name }
                );
                return new NodeHeartbeat(owned, draining != 0);
            },
            ct
        );

    /// <summary>Asks a node to finish what it runs and claim nothing new (or to work again).</summary>
    public Task<bool> SetDrainingAsync(string node, bool draining, CancellationToken ct) =>
        WriteAsync(
            async tx =>
                await tx.ExecuteAsync(
                    "UPDATE node SET draining = @draining WHERE name = @node",
                    new { node, draining = draining ? 1 : 0 }
                ) == 1,
            ct
        );

    private sealed class RunningRow
    {
        public string Owner { get; set; } = "";
        public long Count { get; set; }
    }

    /// <summary>Every registered node, alive when its heartbeat is younger than <paramref name="lease"/> on the database clock.</summary>
    public Task<IReadOnlyList<NodeView>> ListNodesAsync(TimeSpan lease, CancellationToken ct) =>
        ReadAsync<IReadOnlyList<NodeView>>(
            async (connection, now) =>
            {
                var rows = await connection.QueryAsync<NodeRow>(
                    new CommandDefinition($"{NodeSelect} ORDER BY name", cancellationToken: ct)
                );
                var running = (
                    await connection.QueryAsync<RunningRow>(
                        new CommandDefinition(
                            "SELECT lease_owner AS Owner, COUNT(*) AS Count FROM job WHERE state = 'running' GROUP BY lease_owner",
                            cancellationToken: ct
                        )
                    )
                ).ToDictionary(r => r.Owner, r => (int)r.Count);
                return
                [
                    .. rows.Select(r => new NodeView(
                        r.Name,
                        r.Host,
                        (int)r.Pid,
                        r.Roles.Split(',', StringSplitOptions.RemoveEmptyEntries),
                        r.Draining != 0,
                        now - r.HeartbeatAt < (long)lease.TotalMilliseconds,
                        Time(r.StartedAt),
                        Time(r.HeartbeatAt),
                        running.GetValueOrDefault(r.Name)
                    )),
                ];
            },
            ct
        );
}
