using Dapper;

namespace Sluice.Store;

/// <summary>Library operations as people and the API read them: progress, and whether one is stalled.</summary>
public sealed partial class EngineStore
{
    private const string StalledColumn = """
        CASE WHEN state = 'running' AND lease_expires_at IS NOT NULL AND lease_expires_at <= @now
             THEN 1 ELSE 0 END AS Stalled
        """;

    private sealed class OpRow
    {
        public long Id { get; set; }
        public string Tool { get; set; } = "";
        public string Folder { get; set; } = "";
        public string Summary { get; set; } = "";
        public string Plan { get; set; } = "";
        public long StepsTotal { get; set; }
        public long StepsDone { get; set; }
        public string State { get; set; } = "";
        public long Attempt { get; set; }
        public string? LeaseOwner { get; set; }
        public long? LeaseExpiresAt { get; set; }
        public string? LastError { get; set; }
        public string CreatedBy { get; set; } = "";
        public long CreatedAt { get; set; }
        public long UpdatedAt { get; set; }
        public long? FinishedAt { get; set; }
        public string Role { get; set; } = "";

        /// <summary>Read queries only: the lease ran out (its node stopped) and no node has taken it again yet.</summary>
        public long Stalled { get; set; }

        public LibraryOp ToOp() =>
            new(
                Id,
                Tool,
                Folder,
                Summary,
                Plan,
                (int)StepsTotal,
                (int)StepsDone,
                State,
                (int)Attempt,
                LeaseOwner,
                LeaseExpiresAt is { } e ? Time(e) : null,
                LastError,
                CreatedBy,
                Time(CreatedAt),
                Time(UpdatedAt),
                FinishedAt is { } f ? Time(f) : null
            )
            {
                Stalled = Stalled != 0,
            };
    }

    public Task<IReadOnlyList<LibraryOp>> LibraryOpsAsync(int limit, CancellationToken ct) =>
        ReadAsync<IReadOnlyList<LibraryOp>>(
            async (connection, now) =>
                [
                    .. (
                        await connection.QueryAsync<OpRow>(
                            new CommandDefinition(
                                $"SELECT {OpColumns}, {StalledColumn} FROM library_op ORDER BY op_id DESC LIMIT @limit",
                                new { limit, now },
                                cancellationToken: ct
                            )
                        )
                    ).Select(r => r.ToOp()),
                ],
            ct
        );

    public Task<LibraryOp?> LibraryOpAsync(long id, CancellationToken ct) =>
        ReadAsync(
            async (connection, now) =>
                (
                    await connection.QuerySingleOrDefaultAsync<OpRow>(
                        new CommandDefinition(
                            $"SELECT {OpColumns}, {StalledColumn} FROM library_op WHERE op_id = @id",
                            new { id, now },
                            cancellationToken: ct
                        )
                    )
                )?.ToOp(),
            ct
        );
}
