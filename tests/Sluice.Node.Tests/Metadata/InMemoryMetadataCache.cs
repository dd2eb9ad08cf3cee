using System.Collections.Concurrent;
using Sluice.Node.Metadata;

namespace Sluice.Node.Tests.Metadata;

/// <summary>The metadata cache for specs; the node's own lives in the database.</summary>
public sealed class InMemoryMetadataCache(TimeProvider time) : IMetadataCache
{
    private readonly ConcurrentDictionary<
        (string Provider, string Key),
        (string Json, DateTimeOffset At)
    > _entries = new();

    public IReadOnlyDictionary<(string Provider, string Key), string> Entries =>
        _entries.ToDictionary(e => e.Key, e => e.Value.Json);

    /// <summary>When set, every call throws it (a database that is gone).</summary>
    public Exception? Failure { get; set; }

    public Task<string?> GetAsync(
        string provider,
        string key,
        TimeSpan maxAge,
        CancellationToken ct
    )
    {
        if (Failure is { } failure)
        {
            return Task.FromException<string?>(failure);
        }

        return Task.FromResult(
            _entries.TryGetValue((provider, key), out var entry)
            && time.GetUtcNow() - entry.At <= maxAge
                ? entry.Json
                : null
        );
    }

    public Task SetAsync(string provider, string key, string json, CancellationToken ct)
    {
        if (Failure is { } failure)
        {
            return Task.FromException(failure);
        }

        _entries[(provider, key)] = (json, time.GetUtcNow());
        return Task.CompletedTask;
    }
}
