using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Sluice.Node.Metadata;

/// <summary>
/// Answers go through <see cref="IMetadataCache"/> in an envelope with the time they were
/// stored, so "nothing matched" can expire sooner (<see cref="MetadataOptions.NegativeCacheFor"/>)
/// than a match (<see cref="MetadataOptions.CacheFor"/>) with a single read. A cache that fails
/// or holds something unreadable counts as a miss: it must not fail the lookup either.
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
                "{Provider} {Key}: cached {Answer}",
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

        var answer = await Shared($"{provider}|{key}", () => FetchAsync(provider, key, ask))
            .WaitAsync(ct);
        return answer.Value;
    }

    /// <summary>
    /// One request for many askers: the first starts it, later ones wait for it. It runs to
    /// its own timeout rather than its starter's token, so an asker that gives up neither
    /// cancels it for the others nor keeps its answer out of the cache.
    /// </summary>
    private Task<ProviderResult<T>> Shared<T>(string key, Func<Task<ProviderResult<T>>> fetch)
    {
        while (true)
        {
            if (_inFlight.TryGetValue(key, out var running))
            {
                return (Task<ProviderResult<T>>)running; // a key always holds one type
            }

            var result = new TaskCompletionSource<ProviderResult<T>>(
                TaskCreationOptions.RunContinuationsAsynchronously
            );
            if (_inFlight.TryAdd(key, result.Task))
            {
                _ = CompleteAsync(key, result, fetch);
                return result.Task;
            }
        }
    }

    private async Task CompleteAsync<T>(
        string key,
        TaskCompletionSource<ProviderResult<T>> result,
        Func<Task<ProviderResult<T>>> fetch
    )
    {
        try
        {
            result.SetResult(await fetch());
        }
        finally
        {
            _inFlight.TryRemove(key, out _);
        }
    }

    /// <summary>Asks the provider and stores an answer; never throws.</summary>
    private async Task<ProviderResult<T>> FetchAsync<T>(
        string provider,
        string key,
        Func<CancellationToken, Task<ProviderResult<T>>> ask
    )
        where T : class
    {
        using var timeout = new CancellationTokenSource(_options.Timeout, time);
        try
        {
            var answer = await ask(timeout.Token);
            if (answer.Status is ProviderStatus.Found or ProviderStatus.NotFound)
            {
                await WriteAsync(
                    provider,
                    key,
                    new Entry<T>(time.GetUtcNow(), answer.Value),
                    timeout.Token
                );
            }

            return answer;
        }
        catch (OperationCanceledException)
        {
            return ProviderResult.Unavailable<T>(); // the gate logged what timed out
        }
        catch (Exception e)
        {
            log.LogWarning(
                e,
                "{Provider} {Key}: the lookup failed; going on without it",
                provider,
                key
            );
            return ProviderResult.Unavailable<T>();
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
