namespace Sluice.Node.Metadata;

/// <summary>
/// Durable answers from metadata providers, so a restart or a second node does not ask again.
/// <paramref name="provider"/> is a short stable name ("anilist", "tmdb") and the key a
/// normalised query; the value is opaque JSON owned by <see cref="MetadataService"/>.
/// </summary>
public interface IMetadataCache
{
    /// <summary>The stored JSON, or null when there is none or it was stored longer ago than <paramref name="maxAge"/>.</summary>
    Task<string?> GetAsync(string provider, string key, TimeSpan maxAge, CancellationToken ct);

    /// <summary>Stores or replaces the entry, stamped with the time of storing.</summary>
    Task SetAsync(string provider, string key, string json, CancellationToken ct);
}
