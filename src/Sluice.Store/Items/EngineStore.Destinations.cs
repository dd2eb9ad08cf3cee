using Dapper;

namespace Sluice.Store;

/// <summary>What the cluster knows of one vault destination: a pause (quota, ban) and today's uploaded bytes.</summary>
/// <param name="UsageDay">The day <paramref name="UsageBytes"/> counts, in the destination's cap time zone (yyyy-MM-dd).</param>
public sealed record DestinationState(
    string Destination,
    DateTimeOffset? PausedUntil,
    string? PauseReason,
    string? UsageDay,
    long UsageBytes
);

public sealed partial class EngineStore
{
    private sealed class DestinationRow
    {
        public string Destination { get; set; } = "";
        public long? PausedUntil { get; set; }
        public string? PauseReason { get; set; }
        public string? UsageDay { get; set; }
        public long UsageBytes { get; set; }
    }

    private const string EnsureDestinationSql = """
        INSERT INTO destination_state(destination, usage_bytes, updated_at) VALUES (@destination, 0, @now)
        ON CONFLICT (destination) DO NOTHING
        """;

    /// <summary>Every destination the cluster has paused or counted, by name.</summary>
    public async Task<IReadOnlyList<DestinationState>> DestinationStatesAsync(CancellationToken ct)
    {
        await using var connection = await dialect.OpenAsync(ct);
        var rows = await connection.QueryAsync<DestinationRow>(
            new CommandDefinition(
                """
                SELECT destination AS Destination, paused_until AS PausedUntil, pause_reason AS PauseReason,
                       usage_day AS UsageDay, usage_bytes AS UsageBytes
                FROM destination_state ORDER BY destination
                """,
                cancellationToken: ct
            )
        );
        return
        [
            .. rows.Select(r => new DestinationState(
                r.Destination,
                r.PausedUntil is { } until ? Time(until) : null,
                r.PauseReason,
                r.UsageDay,
                r.UsageBytes
            )),
        ];
    }

    /// <summary>
    /// Pauses a destination for the whole cluster (a daily upload limit, a ban) until
    /// <paramref name="until"/>. A later pause replaces an earlier one.
    /// </summary>
    public Task PauseDestinationAsync(
        string destination,
        DateTimeOffset until,
        string reason,
        CancellationToken ct
    ) =>
        WriteAsync(
            async tx =>
            {
                await tx.ExecuteAsync(EnsureDestinationSql, new { destination, now = tx.Now });
                return await tx.ExecuteAsync(
                    """
                    UPDATE destination_state SET paused_until = @until, pause_reason = @reason, updated_at = @now
                    WHERE destination = @destination
                    """,
                    new
                    {
                        destination,
                        until = until.ToUnixTimeMilliseconds(),
                        reason,
                        now = tx.Now,
                    }
                );
            },
            ct
        );

    /// <summary>Lifts a destination's pause (an operator knows the ban is over). False: it was not paused.</summary>
    public Task<bool> ResumeDestinationAsync(string destination, CancellationToken ct) =>
        WriteAsync(
            async tx =>
                await tx.ExecuteAsync(
                    """
                    UPDATE destination_state SET paused_until = NULL, pause_reason = NULL, updated_at = @now
                    WHERE destination = @destination AND paused_until IS NOT NULL
                    """,
                    new { destination, now = tx.Now }
                ) == 1,
            ct
        );

    /// <summary>
    /// Counts <paramref name="bytes"/> against the destination's cap for <paramref name="day"/>
    /// before they are uploaded, in one statement so two nodes cannot both take the last room.
    /// The first file of a day always fits, however large: a cap smaller than one file would
    /// otherwise hold it back forever. False: the cap is reached; wait for the next day.
    /// </summary>
    public Task<bool> TryReserveUploadAsync(
        string destination,
        string day,
        long bytes,
        long cap,
        CancellationToken ct
    ) =>
        WriteAsync(
            async tx =>
            {
                await tx.ExecuteAsync(EnsureDestinationSql, new { destination, now = tx.Now });
                return await tx.ExecuteAsync(
                        """
                        UPDATE destination_state
                        SET usage_bytes = CASE WHEN usage_day = @day THEN usage_bytes + @bytes ELSE @bytes END,
                            usage_day = @day, updated_at = @now
                        WHERE destination = @destination
                          AND (usage_day IS NULL OR usage_day <> @day OR usage_bytes = 0 OR usage_bytes + @bytes <= @cap)
                        """,
                        new
                        {
                            destination,
                            day,
                            bytes,
                            cap,
                            now = tx.Now,
                        }
                    ) == 1;
            },
            ct
        );

    /// <summary>Gives back a reservation whose upload did not happen (it failed, or the bytes were already there).</summary>
    public Task ReleaseUploadAsync(
        string destination,
        string day,
        long bytes,
        CancellationToken ct
    ) =>
        WriteAsync(
            tx =>
                tx.ExecuteAsync(
                    """
                    UPDATE destination_state
                    SET usage_bytes = CASE WHEN usage_bytes > @bytes THEN usage_bytes - @bytes ELSE 0 END, updated_at = @now
                    WHERE destination = @destination AND usage_day = @day
                    """,
                    new
                    {
                        destination,
                        day,
                        bytes,
                        now = tx.Now,
                    }
                ),
            ct
        );
}
