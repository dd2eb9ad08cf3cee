using Dapper;

namespace Sluice.Store;

public sealed partial class EngineStore
{
    private sealed class CacheRow
    {
        public string? Value { get; set; }
        public long FetchedAt { get; set; }
    }

    /// <summary>
    /// A cached answer of a metadata provider, if younger than <paramref name="maxAge"/>. The
    /// outer null means "not cached"; a cached "no match" comes back as (true, null).
    /// </summary>
    public async Task<(bool Found, string? Value)> GetCachedAsync(
        string provider,
        string key,
        TimeSpan maxAge,
        CancellationToken ct
    )
    {
        await using var connection = await dialect.OpenAsync(ct);
        var now = await dialect.NowAsync(connection, null, ct);
        var row = await connection.QuerySingleOrDefaultAsync<CacheRow>(
            new CommandDefinition(
                "SELECT value AS Value, fetched_at AS FetchedAt FROM metadata_cache WHERE provider = @provider AND key = @key",
                new { provider, key },
                cancellationToken: ct
            )
        );
        return row is not null && now - row.FetchedAt <= (long)maxAge.TotalMilliseconds
            ? (true, row.Value)
            : (false, null);
    }

    /// <summary>Stores a provider's answer (null for "no match"), replacing an older one.</summary>
    public Task SetCachedAsync(string provider, string key, string? value, CancellationToken ct) =>
        WriteAsync(
            tx =>
                tx.ExecuteAsync(
                    """
                    INSERT INTO metadata_cache(provider, key, value, fetched_at) VALUES (@provider, @key, @value, @now)
                    ON CONFLICT (provider, key) DO UPDATE SET value = @value, fetched_at = @now
                    """,
                    new
                    {
                        provider,
                        key,
                        value,
                        now = tx.Now,
                    }
                ),
            ct
        );
}
