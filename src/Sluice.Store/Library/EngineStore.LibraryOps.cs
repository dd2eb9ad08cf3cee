using Dapper;

namespace Sluice.Store;

/// <summary>
/// Library operations as leased, fenced work, the way stage jobs run: a node claims a running
/// operation whose lease is free or expired (on the database clock), renews it while it works,
/// and every write under it matches op_id AND lease_token AND state = 'running'. A node that
/// dies simply stops renewing: the next claim (by the node the operation belongs to, or any
/// node with the role when it names none) resumes at steps_done.
/// </summary>
public sealed partial class EngineStore
{
    private const string OpFence = "op_id = @opId AND lease_token = @token AND state = 'running'";

    private const string OpColumns = """
        op_id AS Id, tool AS Tool, folder AS Folder, summary AS Summary, plan AS Plan,
        steps_total AS StepsTotal, steps_done AS StepsDone, state AS State, attempt AS Attempt,
        lease_owner AS LeaseOwner, lease_expires_at AS LeaseExpiresAt, last_error AS LastError,
        created_by AS CreatedBy, created_at AS CreatedAt, updated_at AS UpdatedAt,
        finished_at AS FinishedAt
        """;

    /// <summary>Stores a plan as a running operation; refused while another one runs.</summary>
    public Task<long> StartLibraryOpAsync(LibraryOpDraft draft, CancellationToken ct) =>
        WriteAsync(
            async tx =>
            {
                var running = await tx.QueryAsync<OpRow>(
                    $"SELECT {OpColumns} FROM library_op WHERE state = 'running'"
                );
                if (running.FirstOrDefault() is { } busy)
                {
                    throw new LibraryBusyException(
                        $"Library operation {busy.Id} ({busy.Tool} {busy.Folder}) is still running ({busy.StepsDone}/{busy.StepsTotal} steps); one operation changes the library at a time."
                    );
                }

                return await tx.ScalarAsync<long>(
                    """
                    INSERT INTO library_op(tool, folder, summary, plan, steps_total, state, required_role,
                                           required_node, created_by, created_at, updated_at)
                    VALUES (@tool, @folder, @summary, @plan, @steps, 'running', @role, @node, @by, @now, @now)
                    RETURNING op_id
                    """,
                    new
                    {
                        tool = draft.Tool,
                        folder = draft.Folder,
                        summary = draft.Summary,
                        plan = draft.Plan,
                        steps = draft.Steps,
                        role = draft.RequiredRole,
                        node = draft.RequiredNode,
                        by = draft.CreatedBy,
                        now = tx.Now,
                    }
                );
            },
            ct
        );

    /// <summary>
    /// Claims a running operation whose lease is free or expired, with a fresh fencing token.
    /// Every node asks every poll: a look without the write lock comes first, so an idle
    /// library costs no write transaction.
    /// </summary>
    public async Task<LibraryOpLease?> ClaimLibraryOpAsync(
        string node,
        IReadOnlyCollection<string> roles,
        TimeSpan lease,
        CancellationToken ct
    ) =>
        await ReadAsync(
            async (connection, now) =>
                await connection.ExecuteScalarAsync<long>(
                    new CommandDefinition(
                        """
                        SELECT COUNT(*) FROM library_op
                        WHERE state = 'running' AND (lease_expires_at IS NULL OR lease_expires_at <= @now)
                          AND (required_node IS NULL OR required_node = @node)
                        """,
                        new { now, node },
                        cancellationToken: ct
                    )
                ) > 0,
            ct
        )
            ? await ClaimFreeLibraryOpAsync(node, roles, lease, ct)
            : null;

    private Task<LibraryOpLease?> ClaimFreeLibraryOpAsync(
        string node,
        IReadOnlyCollection<string> roles,
        TimeSpan lease,
        CancellationToken ct
    ) =>
        WriteAsync(
            async tx =>
            {
                var candidates = await tx.QueryAsync<OpRow>(
                    $"""
                    SELECT {OpColumns}, required_role AS Role FROM library_op
                    WHERE state = 'running' AND (lease_expires_at IS NULL OR lease_expires_at <= @now)
                      AND (required_node IS NULL OR required_node = @node)
                    ORDER BY op_id
                    """,
                    new { now = tx.Now, node }
                );
                var candidate = candidates.FirstOrDefault(c => roles.Contains(c.Role));
                if (candidate is null)
                {
                    return null;
                }

                var token = await tx.ScalarAsync<long>(dialect.NextLeaseTokenSql);
                await tx.ExecuteAsync(
                    """
                    UPDATE library_op SET attempt = attempt + 1, lease_owner = @node, lease_token = @token,
                                          lease_expires_at = @expires, heartbeat_at = @now, updated_at = @now
                    WHERE op_id = @opId
                    """,
                    new
                    {
                        opId = candidate.Id,
                        node,
                        token,
                        expires = tx.Now + (long)lease.TotalMilliseconds,
                        now = tx.Now,
                    }
                );
                var op = candidate.ToOp() with
                {
                    Attempt = (int)candidate.Attempt + 1,
                    LeaseOwner = node,
                };
                return new LibraryOpLease(op.Id, token, node, op.Attempt, op);
            },
            ct
        );

    /// <summary>Renews the lease. False: it is gone (expired and taken by another node); stop at once.</summary>
    public Task<bool> HeartbeatLibraryOpAsync(
        LibraryOpLease lease,
        TimeSpan duration,
        CancellationToken ct
    ) =>
        WriteAsync(
            async tx =>
                await tx.ExecuteAsync(
                    $"""
                    UPDATE library_op SET heartbeat_at = @now, lease_expires_at = @expires, updated_at = @now
                    WHERE {OpFence}
                    """,
                    new
                    {
                        opId = lease.OpId,
                        token = lease.Token,
                        now = tx.Now,
                        expires = tx.Now + (long)duration.TotalMilliseconds,
                    }
                ) == 1,
            ct
        );

    /// <summary>Ends the operation: done, or failed with the reason (the plan and progress stay for the record).</summary>
    public Task<LeaseWrite> FinishLibraryOpAsync(
        LibraryOpLease lease,
        string? error,
        CancellationToken ct
    ) =>
        WriteAsync(
            async tx =>
                await tx.ExecuteAsync(
                    $"""
                    UPDATE library_op SET state = @state, last_error = @error, lease_owner = NULL,
                                          lease_expires_at = NULL, updated_at = @now, finished_at = @now
                    WHERE {OpFence}
                    """,
                    new
                    {
                        opId = lease.OpId,
                        token = lease.Token,
                        state = error is null ? LibraryOp.Done : LibraryOp.Failed,
                        error,
                        now = tx.Now,
                    }
                ) == 1
                    ? LeaseWrite.Applied
                    : LeaseWrite.LeaseLost,
            ct
        );

    /// <summary>Gives the operation back at shutdown, or records a retryable error: any node may claim it again at once.</summary>
    public Task<LeaseWrite> ReleaseLibraryOpAsync(
        LibraryOpLease lease,
        string? error,
        CancellationToken ct
    ) =>
        WriteAsync(
            async tx =>
                await tx.ExecuteAsync(
                    $"""
                    UPDATE library_op SET lease_owner = NULL, lease_expires_at = NULL, updated_at = @now,
                                          last_error = COALESCE(@error, last_error)
                    WHERE {OpFence}
                    """,
                    new
                    {
                        opId = lease.OpId,
                        token = lease.Token,
                        error,
                        now = tx.Now,
                    }
                ) == 1
                    ? LeaseWrite.Applied
                    : LeaseWrite.LeaseLost,
            ct
        );

    /// <summary>
    /// A node that starts again under its name holds no lease from before: whatever its
    /// previous instance held is free now, not only when the lease runs out.
    /// </summary>
    public Task<int> ReleaseLibraryOpsOfAsync(string node, CancellationToken ct) =>
        WriteAsync(
            tx =>
                tx.ExecuteAsync(
                    """
                    UPDATE library_op SET lease_expires_at = @now, updated_at = @now
                    WHERE state = 'running' AND lease_owner = @node
                    """,
                    new { node, now = tx.Now }
                ),
            ct
        );
}
