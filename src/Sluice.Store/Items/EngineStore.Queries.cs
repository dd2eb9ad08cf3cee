using Dapper;
using Sluice.Domain.Items;

namespace Sluice.Store;

public sealed partial class EngineStore
{
    private sealed class ItemRow
    {
        public string Data { get; set; } = "";
        public long CreatedAt { get; set; }
        public long UpdatedAt { get; set; }
        public long Pinned { get; set; }
        public long? JobId { get; set; }
        public string? Step { get; set; }
        public string? JobState { get; set; }
        public string? RequiredRole { get; set; }
        public string? RequiredNode { get; set; }
        public long Attempt { get; set; }
        public long MaxAttempts { get; set; }
        public long RunAt { get; set; }
        public string? LeaseOwner { get; set; }
        public long? LeaseExpiresAt { get; set; }
        public string? Progress { get; set; }
        public string? LastError { get; set; }
    }

    private const string ItemSelect = """
        SELECT i.data AS Data, i.created_at AS CreatedAt, i.updated_at AS UpdatedAt, i.pinned AS Pinned,
               j.job_id AS JobId, j.step AS Step, j.state AS JobState,
               j.required_role AS RequiredRole, j.required_node AS RequiredNode, j.attempt AS Attempt,
               j.max_attempts AS MaxAttempts, j.run_at AS RunAt, j.lease_owner AS LeaseOwner,
               j.lease_expires_at AS LeaseExpiresAt, j.progress AS Progress, j.last_error AS LastError
        FROM item i
        LEFT JOIN job j ON j.item_id = i.item_id AND j.state IN ('available', 'running', 'retryable')
        """;

    public async Task<ItemView?> GetItemAsync(ItemId id, CancellationToken ct)
    {
        await using var connection = await dialect.OpenAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<ItemRow>(
            new CommandDefinition(
                $"{ItemSelect} WHERE i.item_id = @id",
                new { id = id.ToString() },
                cancellationToken: ct
            )
        );
        return row is null ? null : ToView(row);
    }

    /// <summary>Items newest first, filtered by state, stage, node and by text in the name or library path.</summary>
    public async Task<IReadOnlyList<ItemView>> ListItemsAsync(ItemQuery query, CancellationToken ct)
    {
        await using var connection = await dialect.OpenAsync(ct);
        var rows = await connection.QueryAsync<ItemRow>(
            new CommandDefinition(
                $"""
                {ItemSelect}
                {ItemFilter}
                ORDER BY i.created_at DESC, i.item_id
                LIMIT @limit OFFSET @offset
                """,
                FilterArgs(query),
                cancellationToken: ct
            )
        );
        return [.. rows.Select(ToView)];
    }

    /// <summary>How many items match the query's filters, whatever its page.</summary>
    public async Task<long> CountItemsAsync(ItemQuery query, CancellationToken ct)
    {
        await using var connection = await dialect.OpenAsync(ct);
        return await connection.ExecuteScalarAsync<long>(
            new CommandDefinition(
                $"""
                SELECT COUNT(*) FROM item i
                LEFT JOIN job j ON j.item_id = i.item_id AND j.state IN ('available', 'running', 'retryable')
                {ItemFilter}
                """,
                FilterArgs(query),
                cancellationToken: ct
            )
        );
    }

    private string ItemFilter =>
        $"""
            WHERE (@state IS NULL OR i.state = @state)
              AND (@text IS NULL OR LOWER(i.name) LIKE @text ESCAPE '!' OR LOWER(COALESCE(i.library_path, '')) LIKE @text ESCAPE '!')
              AND (@stage IS NULL OR j.queue = @stage OR (i.state = 'failed' AND {dialect.FailedStepSql} IN (@failedStep, @failedEncodedStep)))
              AND (@node IS NULL OR j.lease_owner = @node OR j.required_node = @node)
              AND (@running = 0 OR j.state = 'running')
            """;

    private static object FilterArgs(ItemQuery query) =>
        new
        {
            state = query.State is { } s ? Names.Of(s) : null,
            text = query.Text is { } t ? $"%{EscapeLike(t.ToLowerInvariant())}%" : null,
            stage = query.Stage,
            // A stage holds at most two steps (vault and vault-encoded); "-" matches no step.
            failedStep = StepsOf(query.Stage).ElementAtOrDefault(0) ?? "-",
            failedEncodedStep = StepsOf(query.Stage).ElementAtOrDefault(1) ?? "-",
            node = query.Node,
            running = query.Running ? 1 : 0,
            limit = query.Limit,
            offset = query.Offset,
        };

    private static string[] StepsOf(string? stage) =>
        [.. Names.Steps.Where(step => EnginePolicy.QueueOf(step) == stage).Select(Names.Of)];

    /// <summary>
    /// Searching for "S01_E02" or "100%" finds those characters, not wildcards. The escape is
    /// '!', not a backslash, which Npgsql's parameter parser and PostgreSQL read differently.
    /// </summary>
    private static string EscapeLike(string text) =>
        text.Replace("!", "!!", StringComparison.Ordinal)
            .Replace("%", "!%", StringComparison.Ordinal)
            .Replace("_", "!_", StringComparison.Ordinal);

    /// <summary>The item ids that start with <paramref name="prefix"/>, so people can type a few digits.</summary>
    public async Task<IReadOnlyList<ItemId>> ResolveAsync(string prefix, CancellationToken ct)
    {
        var clean = new string([.. prefix.ToLowerInvariant().Where(char.IsAsciiHexDigit)]);
        if (
            clean.Length == 0
            || clean.Length != prefix.Replace("-", "", StringComparison.Ordinal).Length
        )
        {
            return [];
        }

        await using var connection = await dialect.OpenAsync(ct);
        var ids = await connection.QueryAsync<string>(
            new CommandDefinition(
                "SELECT item_id FROM item WHERE item_id LIKE @prefix ORDER BY item_id LIMIT 2",
                new { prefix = clean + "%" },
                cancellationToken: ct
            )
        );
        return [.. ids.Select(ItemId.Parse)];
    }

    /// <summary>The item whose file is (or was, before eviction) at this library path, if any.</summary>
    public async Task<ItemId?> LibraryPathOwnerAsync(string libraryPath, CancellationToken ct)
    {
        await using var connection = await dialect.OpenAsync(ct);
        var id = await connection.QuerySingleOrDefaultAsync<string>(
            new CommandDefinition(
                "SELECT item_id FROM item WHERE library_path = @libraryPath",
                new { libraryPath },
                cancellationToken: ct
            )
        );
        return id is null ? null : ItemId.Parse(id);
    }

    private sealed class EventRow
    {
        public long Seq { get; set; }
        public string Type { get; set; } = "";
        public string Payload { get; set; } = "";
        public long At { get; set; }
        public long? JobId { get; set; }
        public string? Node { get; set; }
        public long? Attempt { get; set; }
    }

    /// <summary>The item's whole journal, oldest first: its timeline.</summary>
    public async Task<IReadOnlyList<JournalEntry>> GetJournalAsync(ItemId id, CancellationToken ct)
    {
        await using var connection = await dialect.OpenAsync(ct);
        var rows = await connection.QueryAsync<EventRow>(
            new CommandDefinition(
                """
                SELECT seq AS Seq, type AS Type, payload AS Payload, at AS At, job_id AS JobId,
                       node AS Node, attempt AS Attempt
                FROM item_event WHERE item_id = @id ORDER BY seq
                """,
                new { id = id.ToString() },
                cancellationToken: ct
            )
        );
        return
        [
            .. rows.Select(r => new JournalEntry(
                (int)r.Seq,
                r.Type,
                ItemJson.DeserializeEvent(r.Payload),
                Time(r.At),
                r.JobId,
                r.Node,
                (int?)r.Attempt
            )),
        ];
    }

    /// <summary>How many items stand in each state.</summary>
    public async Task<IReadOnlyDictionary<ItemState, long>> CountByStateAsync(CancellationToken ct)
    {
        await using var connection = await dialect.OpenAsync(ct);
        var rows = await connection.QueryAsync<(string State, long Count)>(
            new CommandDefinition(
                "SELECT state, COUNT(*) FROM item GROUP BY state",
                cancellationToken: ct
            )
        );
        return Names.States.ToDictionary(
            s => s,
            s => rows.Where(r => r.State == Names.Of(s)).Sum(r => r.Count)
        );
    }

    private static ItemView ToView(ItemRow row) =>
        new(
            ItemJson.DeserializeItem(row.Data),
            Time(row.CreatedAt),
            Time(row.UpdatedAt),
            row.Pinned != 0,
            row.JobId is { } jobId
                ? new JobView(
                    jobId,
                    Names.ParseStep(row.Step!),
                    row.JobState!,
                    row.RequiredRole!,
                    row.RequiredNode,
                    (int)row.Attempt,
                    (int)row.MaxAttempts,
                    Time(row.RunAt),
                    row.LeaseOwner,
                    row.LeaseExpiresAt is { } e ? Time(e) : null,
                    row.Progress,
                    row.LastError
                )
                : null
        );
}
