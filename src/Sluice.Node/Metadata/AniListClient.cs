using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Sluice.Node.Metadata;

/// <summary>
/// AniList's GraphQL API (POST the query and its variables as JSON; no key needed). One
/// instance per process: it holds the rate limiter and the "down" switch.
/// </summary>
public sealed partial class AniListClient : IDisposable
{
    public const string ProviderName = "anilist";

    private readonly AniListOptions _options;
    private readonly ProviderGate _gate;
    private readonly ILogger<AniListClient> _log;

    public AniListClient(
        HttpClient http,
        TimeProvider time,
        IOptions<MetadataOptions> options,
        ILogger<AniListClient> log
    )
    {
        _options = options.Value.AniList;
        _log = log;
        _gate = new ProviderGate(
            "AniList",
            ClockedTokenBucket.PerWindow(_options.RequestsPerMinute, TimeSpan.FromMinutes(1), time),
            http,
            time,
            options.Value,
            secret: null,
            log
        );
    }

    public bool IsEnabled => _options.Enabled;

    /// <summary>True while a recent failure keeps AniList from being asked.</summary>
    public bool IsDown => _gate.IsDown;

    /// <summary>
    /// Anime whose titles resemble <paramref name="title"/>, best first as AniList ranks them.
    /// An empty list is <see cref="ProviderStatus.NotFound"/>.
    /// </summary>
    public async Task<ProviderResult<IReadOnlyList<AnimeMatch>>> SearchAsync(
        string title,
        CancellationToken ct
    )
    {
        if (!IsEnabled)
        {
            return ProviderResult.Unavailable<IReadOnlyList<AnimeMatch>>();
        }

        var body = JsonSerializer.Serialize(
            new { query = SearchQuery, variables = new { search = title } }
        );
        var what = $"the anime search for \"{title}\"";
        var sent = await PostAsync(body, what, ct);
        if (sent.Status == ProviderStatus.NotFound)
        {
            // A search answers "nothing" with an empty list; a 404 means the wrong address.
            _gate.MarkDown($"{what} answered 404; is Metadata:AniList:Endpoint right?");
            return ProviderResult.Unavailable<IReadOnlyList<AnimeMatch>>();
        }

        if (sent.Status != ProviderStatus.Found)
        {
            return sent.Without<IReadOnlyList<AnimeMatch>>();
        }

        if (Parse(sent.Value!) is not { } found)
        {
            _gate.MarkDown($"{what} answered with something that is not the expected JSON");
            return ProviderResult.Unavailable<IReadOnlyList<AnimeMatch>>();
        }

        _log.LogDebug("AniList: {Count} results for {Title}", found.Count, title);
        return found.Count == 0
            ? ProviderResult.NotFound<IReadOnlyList<AnimeMatch>>()
            : ProviderResult.Found<IReadOnlyList<AnimeMatch>>(found);
    }

    public void Dispose() => _gate.Dispose();

    /// <summary>One GraphQL request through the gate: rate limit, circuit and Retry-After.</summary>
    private Task<ProviderResult<string>> PostAsync(
        string body,
        string what,
        CancellationToken ct
    ) =>
        _gate.SendAsync(
            () =>
                new HttpRequestMessage(HttpMethod.Post, _options.Endpoint)
                {
                    Content = new StringContent(body, Encoding.UTF8, "application/json"),
                    Headers = { { "Accept", "application/json" } },
                },
            what,
            ct
        );
}
