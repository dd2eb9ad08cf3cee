using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sluice.Domain.Naming;

namespace Sluice.Node.Metadata;

/// <summary>
/// Looks a parsed release up at AniList (anime) or TMDB (films and TV), for a canonical title,
/// the year and the episode's name. Optional by design: the answer is a confident match or
/// null, never an exception (bar the caller's own cancellation), so the sanitize stage goes on
/// with the parsed fields when a provider is off, down, slow, rate limited or unsure.
/// </summary>
/// <remarks>
/// Invariants: a lookup ends within <see cref="MetadataOptions.Timeout"/> of the injected
/// clock, whatever the providers do; answers (matches and "nothing matched") are cached, while
/// failures are not, and instead keep the failing provider unasked for
/// <see cref="MetadataOptions.DownFor"/>; concurrent lookups of the same question (the
/// episodes of a season pack) share one provider call, which runs to its own timeout even when
/// the caller that started it gives up, so its answer still reaches the cache.
/// </remarks>
public sealed partial class MetadataService(
    AniListClient aniList,
    TmdbClient tmdb,
    IMetadataCache cache,
    TimeProvider time,
    IOptions<MetadataOptions> options,
    ILogger<MetadataService> log
)
{
    private readonly ConcurrentDictionary<string, Task<MetadataMatch?>> _inFlight = new();
    private readonly MetadataOptions _options = options.Value;

    public async Task<MetadataMatch?> LookupAsync(ReleaseInfo info, CancellationToken ct)
    {
        if (MetadataQuery.For(info) is not { } query || !IsEnabled(query.Kind))
        {
            return null;
        }

        return await Shared(query).WaitAsync(ct);
    }

    private bool IsEnabled(MetadataQueryKind kind) =>
        kind switch
        {
            MetadataQueryKind.Anime => aniList.IsEnabled,
            MetadataQueryKind.Show or MetadataQueryKind.Movie => tmdb.IsEnabled,
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown query kind."),
        };

    private Task<MetadataMatch?> Shared(MetadataQuery query)
    {
        while (true)
        {
            if (_inFlight.TryGetValue(query.Key, out var running))
            {
                return running;
            }

            var answer = new TaskCompletionSource<MetadataMatch?>(
                TaskCreationOptions.RunContinuationsAsynchronously
            );
            if (_inFlight.TryAdd(query.Key, answer.Task))
            {
                _ = RunAsync(query, answer);
                return answer.Task;
            }
        }
    }

    private async Task RunAsync(MetadataQuery query, TaskCompletionSource<MetadataMatch?> answer)
    {
        try
        {
            answer.SetResult(await BoundedAsync(query));
        }
        finally
        {
            _inFlight.TryRemove(query.Key, out _);
        }
    }

    private async Task<MetadataMatch?> BoundedAsync(MetadataQuery query)
    {
        using var timeout = new CancellationTokenSource(_options.Timeout, time);
        try
        {
            return query.Kind switch
            {
                MetadataQueryKind.Anime => await AnimeAsync(query, timeout.Token),
                MetadataQueryKind.Show => await ShowAsync(query, timeout.Token),
                MetadataQueryKind.Movie => await MovieAsync(query, timeout.Token),
                _ => throw new ArgumentOutOfRangeException(
                    nameof(query),
                    query.Kind,
                    "Unknown query kind."
                ),
            };
        }
        catch (OperationCanceledException)
        {
            log.LogWarning(
                "Metadata for \"{Title}\" took longer than {Timeout}; going on without it",
                query.Title,
                _options.Timeout
            );
            return null;
        }
        catch (Exception e)
        {
            // The safety net: metadata is optional, so even a bug here must not fail the step.
            log.LogWarning(e, "Metadata for \"{Title}\" failed; going on without it", query.Title);
            return null;
        }
    }
}
