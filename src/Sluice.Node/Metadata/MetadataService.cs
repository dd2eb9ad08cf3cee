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
/// Invariants: a lookup ends within <see cref="MetadataOptions.Timeout"/> on the injected
/// clock, whatever the providers do; answers (matches and "nothing matched") are cached,
/// failures are not, and instead keep the failing provider unasked for
/// <see cref="MetadataOptions.DownFor"/>; concurrent lookups that need the same provider
/// answer (the episodes of a season pack all need the show) share one request.
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
    private readonly ConcurrentDictionary<string, Task> _inFlight = new();
    private readonly MetadataOptions _options = options.Value;

    public async Task<MetadataMatch?> LookupAsync(ReleaseInfo info, CancellationToken ct)
    {
        if (MetadataQuery.For(info) is not { } query || !IsEnabled(query.Kind))
        {
            return null;
        }

        using var timeout = new CancellationTokenSource(_options.Timeout, time);
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(ct, timeout.Token);
        try
        {
            var match = query.Kind switch
            {
                MetadataQueryKind.Anime => await AnimeAsync(query, bounded.Token),
                MetadataQueryKind.Show => await ShowAsync(query, bounded.Token),
                MetadataQueryKind.Movie => await MovieAsync(query, bounded.Token),
                _ => throw new ArgumentOutOfRangeException(
                    nameof(info),
                    query.Kind,
                    "Unknown query kind."
                ),
            };

            // A show without its episode's name is returned on a timeout; not on shutdown.
            ct.ThrowIfCancellationRequested();
            return match;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            log.LogWarning(
                "Metadata for \"{Title}\" took longer than {Timeout}; going on without it",
                query.Title,
                _options.Timeout
            );
            return null;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The safety net: metadata is optional, so even a bug here must not fail the step.
            log.LogWarning(e, "Metadata for \"{Title}\" failed; going on without it", query.Title);
            return null;
        }
    }

    private bool IsEnabled(MetadataQueryKind kind) =>
        kind switch
        {
            MetadataQueryKind.Anime => aniList.IsEnabled,
            MetadataQueryKind.Show or MetadataQueryKind.Movie => tmdb.IsEnabled,
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown query kind."),
        };
}
