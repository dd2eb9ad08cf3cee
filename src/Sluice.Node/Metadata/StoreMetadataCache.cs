using Sluice.Store;

namespace Sluice.Node.Metadata;

/// <summary>The metadata cache on the engine's database, shared by every node of a cluster.</summary>
public sealed class StoreMetadataCache(EngineStore store) : IMetadataCache
{
    public async Task<string?> GetAsync(
        string provider,
        string key,
        TimeSpan maxAge,
        CancellationToken ct
    )
    {
        var (found, value) = await store.GetCachedAsync(provider, key, maxAge, ct);
        return found ? value : null;
    }

    public Task SetAsync(string provider, string key, string json, CancellationToken ct) =>
        store.SetCachedAsync(provider, key, json, ct);
}
