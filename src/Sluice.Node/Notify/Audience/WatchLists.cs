using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sluice.Node.Configuration;
using Sluice.Node.Metadata;
using Sluice.Store;

namespace Sluice.Node.Notify.Audience;

/// <summary>A watch list as far as it is known: <paramref name="List"/> null means never fetched.</summary>
public sealed record WatchListRead(WatchList? List, DateTimeOffset? FetchedAt, string? Error);

/// <summary>
/// The AniList and MyAnimeList lists filters and subscriptions name. Each list's last good copy
/// lives in the database (shared by the cluster, kept over restarts) and is fetched again once
/// older than Notify:Lists:RefreshInterval; a failed fetch is recorded with its reason, keeps the
/// last good copy in use, and is not tried again before Notify:Lists:RetryAfterFailure. Fetches
/// go through the metadata clients' rate limits and "down" switches. Invariant: at most one
/// fetch per list at a time in this process; the parsed copy in memory is the one of the
/// stored <c>fetched_at</c> it was read with.
/// </summary>
public sealed class WatchLists(
    EngineStore store,
    AniListClient anilist,
    MyAnimeListClient mal,
    IOptions<NotifyOptions> options,
    TimeProvider time,
    ILogger<WatchLists> log
)
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _fetching = new();
    private readonly ConcurrentDictionary<string, (DateTimeOffset At, WatchList List)> _parsed =
        new();

    public async Task<WatchListRead> GetAsync(FilterSource source, CancellationToken ct)
    {
        var lists = options.Value.Lists;
        var gate = _fetching.GetOrAdd(source.Text, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(ct);
        try
        {
            var (stored, now) = await store.WatchListAsync(source.Text, ct);
            var copy = Parse(source, stored);
            if (stored?.FetchedAt is { } fetched && fetched + lists.RefreshInterval > now)
            {
                return new WatchListRead(copy, fetched, null);
            }

            if (stored?.Error is { } error && stored.TriedAt + lists.RetryAfterFailure > now)
            {
                return new WatchListRead(copy, stored.FetchedAt, error);
            }

            var (entries, why) = await BoundedFetchAsync(source, ct);
            if (entries is not null)
            {
                var list = new WatchList(source.Kind, entries);
                await store.SaveWatchListAsync(source.Text, list.Serialize(), null, ct);
                log.LogInformation("{Source}: {Count} shows on the list", source, entries.Count);
                return new WatchListRead(list, now, null);
            }

            await store.SaveWatchListAsync(source.Text, null, why, ct);
            log.LogWarning(
                "{Source}: {Why}; {Using}",
                source,
                why,
                copy is null ? "never fetched yet" : $"using the copy of {stored!.FetchedAt:u}"
            );
            return new WatchListRead(copy, stored?.FetchedAt, why);
        }
        finally
        {
            gate.Release();
        }
    }

    private WatchList? Parse(FilterSource source, StoredWatchList? stored)
    {
        if (stored is not { Entries: { } json, FetchedAt: { } at })
        {
            return null;
        }

        if (_parsed.TryGetValue(source.Text, out var memo) && memo.At == at)
        {
            return memo.List;
        }

        var list = WatchList.Deserialize(source.Kind, json);
        if (list is not null)
        {
            _parsed[source.Text] = (at, list);
        }

        return list;
    }

    /// <summary>A fetch holds the channel's turn: it ends within Notify:Lists:FetchTimeout, as a failure.</summary>
    private async Task<(IReadOnlyList<WatchListEntry>? Entries, string? Why)> BoundedFetchAsync(
        FilterSource source,
        CancellationToken ct
    )
    {
        var limit = options.Value.Lists.FetchTimeout;
        using var timeout = new CancellationTokenSource(limit, time);
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(ct, timeout.Token);
        try
        {
            return await FetchAsync(source, bounded.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return (null, $"the list took longer than {limit} to fetch");
        }
    }

    private async Task<(IReadOnlyList<WatchListEntry>? Entries, string? Why)> FetchAsync(
        FilterSource source,
        CancellationToken ct
    )
    {
        var lists = options.Value.Lists;
        var (service, result) = source.Kind switch
        {
            SourceKind.AniList when !anilist.IsEnabled => (
                "AniList",
                (ProviderResult<IReadOnlyList<(int, IReadOnlyList<string>)>>?)null
            ),
            SourceKind.AniList => (
                "AniList",
                await anilist.ListAsync(source.Value, lists.AniListStatuses, ct)
            ),
            SourceKind.MyAnimeList when !mal.IsConfigured => ("MyAnimeList", null),
            SourceKind.MyAnimeList => (
                "MyAnimeList",
                await mal.ListAsync(source.Value, lists.MyAnimeListStatuses, ct)
            ),
            _ => throw new ArgumentOutOfRangeException(nameof(source), source, "Not a list."),
        };
        return result switch
        {
            null => (
                null,
                source.Kind == SourceKind.AniList
                    ? "AniList is disabled (Metadata:AniList:Enabled)"
                    : "MyAnimeList needs Metadata:MyAnimeList:ClientId"
            ),
            { Status: ProviderStatus.Found } found => (
                [.. found.Value!.Select(s => new WatchListEntry(s.Item1, s.Item2))],
                null
            ),
            { Status: ProviderStatus.NotFound } => (
                null,
                $"{service} has no user '{source.Value}' (or the list is private)"
            ),
            _ => (null, $"{service} did not answer (the node's log says why)"),
        };
    }
}
