using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Sluice.Node.Metadata;

/// <summary>
/// Answers go through <see cref="IMetadataCache"/> wrapped in an envelope with the time they
/// were stored, so "nothing matched" can expire sooner (<see cref="MetadataOptions.NegativeCacheFor"/>)
/// than a match (<see cref="MetadataOptions.CacheFor"/>) with a single read. A cache that
/// fails or holds something unreadable counts as a miss: it must not fail the lookup either.
/// </summary>
public sealed partial class MetadataService
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// The cached answer, else the provider's (stored when it is an answer, match or not);
    /// null for "nothing", "not now" and "provider down" alike.
    /// </summary>
    private async Task<T?> CachedAsync<T>(
        string provider,
        string key,
        bool providerDown,
        Func<CancellationToken, Task<ProviderResult<T>>> ask,
        CancellationToken ct
    )
        where T : class
    {
        if (await ReadAsync<T>(provider, key, ct) is { } entry)
        {
            log.LogDebug(
                "{Provider} {Key}: cached ({Answer})",
                provider,
                key,
                entry.Value is null ? "no match" : "match"
            );
            return entry.Value;
        }

        if (providerDown)
        {
            log.LogDebug("{Provider} is down; {Key} goes without", provider, key);
            return null;
        }

        var answer = await ask(ct);
        switch (answer.Status)
        {
            case ProviderStatus.Found:
            case ProviderStatus.NotFound:
                await WriteAsync(provider, key, new Entry<T>(time.GetUtcNow(), answer.Value), ct);
                return answer.Value;
            case ProviderStatus.Unavailable:
                return null;
            default:
                throw new InvalidOperationException($"Unknown provider status {answer.Status}.");
        }
    }

    private async Task<Entry<T>?> ReadAsync<T>(string provider, string key, CancellationToken ct)
        where T : class
    {
        string? json;
        try
        {
            json = await cache.GetAsync(provider, key, _options.CacheFor, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogWarning(e, "The metadata cache could not be read; asking {Provider}", provider);
            return null;
        }

        if (json is null)
        {
            return null;
        }

        try
        {
            var entry = JsonSerializer.Deserialize<Entry<T>>(json, Json);
            var fresh =
                entry is not null
                && (
                    entry.Value is not null
                    || time.GetUtcNow() - entry.StoredAt <= _options.NegativeCacheFor
                );
            return fresh ? entry : null;
        }
        catch (JsonException)
        {
            return null; // written by an older shape: ask again, the write replaces it
        }
    }

    private async Task WriteAsync<T>(
        string provider,
        string key,
        Entry<T> entry,
        CancellationToken ct
    )
        where T : class
    {
        try
        {
            await cache.SetAsync(provider, key, JsonSerializer.Serialize(entry, Json), ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogWarning(
                e,
                "The metadata cache could not be written; {Provider} will be asked again",
                provider
            );
        }
    }

    private sealed record Entry<T>(DateTimeOffset StoredAt, T? Value)
        where T : class;
}
