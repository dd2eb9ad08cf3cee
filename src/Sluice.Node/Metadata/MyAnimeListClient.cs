using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Sluice.Node.Metadata;

/// <summary>
/// MyAnimeList's API v2, for one thing only: a user's anime list (GET
/// users/{user}/animelist, paged through paging.next) with the app's Client ID in
/// X-MAL-CLIENT-ID. Through its own <see cref="ProviderGate"/>: rate limit, "down" switch.
/// </summary>
public sealed class MyAnimeListClient : IDisposable
{
    private const int MaxPages = 50;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly MyAnimeListOptions _options;
    private readonly ProviderGate _gate;

    public MyAnimeListClient(
        HttpClient http,
        TimeProvider time,
        IOptions<MetadataOptions> options,
        ILogger<MyAnimeListClient> log
    )
    {
        _options = options.Value.MyAnimeList;
        _gate = new ProviderGate(
            "MyAnimeList",
            ClockedTokenBucket.PerWindow(_options.RequestsPerMinute, TimeSpan.FromMinutes(1), time),
            http,
            time,
            options.Value,
            secret: _options.ClientId,
            log
        );
    }

    public bool IsConfigured => !string.IsNullOrWhiteSpace(_options.ClientId);

    /// <summary>
    /// The shows on <paramref name="user"/>'s list whose list status is one of
    /// <paramref name="statuses"/>, as (MAL id, titles). NotFound when MyAnimeList has no such user.
    /// </summary>
    public async Task<
        ProviderResult<IReadOnlyList<(int Id, IReadOnlyList<string> Titles)>>
    > ListAsync(string user, IReadOnlyList<string> statuses, CancellationToken ct)
    {
        if (!IsConfigured)
        {
            return ProviderResult.Unavailable<IReadOnlyList<(int, IReadOnlyList<string>)>>();
        }

        var wanted = statuses.ToHashSet(StringComparer.OrdinalIgnoreCase);
        // One status can be asked for; several are filtered here from the whole list.
        var query =
            $"fields=list_status,alternative_titles&limit={_options.PageSize.ToString(CultureInfo.InvariantCulture)}&nsfw=true"
            + (statuses.Count == 1 ? $"&status={Uri.EscapeDataString(statuses[0])}" : "");
        var root = _options.Endpoint.AbsoluteUri.EndsWith('/')
            ? _options.Endpoint
            : new Uri(_options.Endpoint.AbsoluteUri + "/");
        var next = new Uri(root, $"users/{Uri.EscapeDataString(user)}/animelist?{query}");
        var shows = new List<(int, IReadOnlyList<string>)>();
        var what = $"the anime list of MyAnimeList user {user}";
        for (var page = 1; page <= MaxPages; page++)
        {
            var url = next;
            var sent = await _gate.SendAsync(
                () =>
                    new HttpRequestMessage(HttpMethod.Get, url)
                    {
                        Headers =
                        {
                            { "X-MAL-CLIENT-ID", _options.ClientId },
                            { "Accept", "application/json" },
                        },
                    },
                what,
                ct
            );
            if (sent.Status != ProviderStatus.Found)
            {
                return sent.Without<IReadOnlyList<(int, IReadOnlyList<string>)>>();
            }

            if (Parse(sent.Value!) is not { } answer)
            {
                _gate.MarkDown($"{what} answered with something that is not the expected JSON");
                return ProviderResult.Unavailable<IReadOnlyList<(int, IReadOnlyList<string>)>>();
            }

            shows.AddRange(
                (answer.Data ?? [])
                    .Where(d =>
                        d?.Node is { Id: > 0 }
                        && (d.ListStatus?.Status is not { } s || wanted.Contains(s))
                    )
                    .Select(d => (d!.Node!.Id, Titles(d.Node)))
            );
            if (answer.Paging?.Next is not { Length: > 0 } more)
            {
                return ProviderResult.Found<IReadOnlyList<(int, IReadOnlyList<string>)>>(shows);
            }

            // The Client ID goes only where the list came from.
            if (
                !Uri.TryCreate(more, UriKind.Absolute, out var link)
                || link.Authority != _options.Endpoint.Authority
                || link.Scheme != _options.Endpoint.Scheme
            )
            {
                _gate.MarkDown($"{what}: the next page is on another host");
                return ProviderResult.Unavailable<IReadOnlyList<(int, IReadOnlyList<string>)>>();
            }

            next = link;
        }

        _gate.MarkDown($"{what} has more than {MaxPages} pages");
        return ProviderResult.Unavailable<IReadOnlyList<(int, IReadOnlyList<string>)>>();
    }

    private static IReadOnlyList<string> Titles(NodeDto node) =>
        [
            .. new[] { node.Title, node.AlternativeTitles?.En, node.AlternativeTitles?.Ja }
                .Concat(node.AlternativeTitles?.Synonyms ?? [])
                .OfType<string>()
                .Where(t => t.Trim().Length > 0),
        ];

    private static PageDto? Parse(string body)
    {
        try
        {
            return JsonSerializer.Deserialize<PageDto>(body, Json) is { Data: not null } page
                ? page
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public void Dispose() => _gate.Dispose();

    private sealed record PageDto(List<DatumDto?>? Data, PagingDto? Paging);

    private sealed record PagingDto(string? Next);

    private sealed record DatumDto(
        NodeDto? Node,
        [property: System.Text.Json.Serialization.JsonPropertyName("list_status")]
            ListStatusDto? ListStatus
    );

    private sealed record NodeDto(
        int Id,
        string? Title,
        [property: System.Text.Json.Serialization.JsonPropertyName("alternative_titles")]
            AlternativeDto? AlternativeTitles
    );

    private sealed record AlternativeDto(List<string?>? Synonyms, string? En, string? Ja);

    private sealed record ListStatusDto(string? Status);
}
