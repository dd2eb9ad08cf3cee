namespace Sluice.Node.Metadata;

/// <summary>
/// Optional lookups that improve names and notifications. The sanitize stage works without
/// them: every failure here ends in "no match", never in a failed step.
/// </summary>
public sealed class MetadataOptions
{
    public const string Section = "Metadata";

    public AniListOptions AniList { get; set; } = new();

    public TmdbOptions Tmdb { get; set; } = new();

    /// <summary>Only for the watch lists announcement filters and subscriptions name ("mal:USER").</summary>
    public MyAnimeListOptions MyAnimeList { get; set; } = new();

    /// <summary>A whole lookup (rate-limit wait, requests, one honoured Retry-After) ends after this.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a found answer is reused before the provider is asked again.</summary>
    public TimeSpan CacheFor { get; set; } = TimeSpan.FromDays(30);

    /// <summary>How long "nothing matched" is reused: shorter, providers add titles as they air.</summary>
    public TimeSpan NegativeCacheFor { get; set; } = TimeSpan.FromDays(1);

    /// <summary>After a provider failed (error, timeout, garbage) it is not asked for this long.</summary>
    public TimeSpan DownFor { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// A 429 whose Retry-After is at most this is waited out once, inside the lookup; a longer
    /// one makes the provider skipped until the time it named.
    /// </summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(5);
}

public sealed class AniListOptions
{
    public bool Enabled { get; set; } = true;

    /// <summary>The GraphQL endpoint (requests are POSTed to it as is).</summary>
    public Uri Endpoint { get; set; } = new("https://graphql.anilist.co");

    /// <summary>
    /// AniList documents 90 a minute, but says it serves 30 while "in a degraded state" without
    /// saying so in its headers; set 30 if lookups keep getting 429.
    /// </summary>
    public int RequestsPerMinute { get; set; } = 80;
}

public sealed class TmdbOptions
{
    /// <summary>Unset means "on when an access token is set".</summary>
    public bool? Enabled { get; set; }

    /// <summary>The API host; paths start with /3/.</summary>
    public Uri Endpoint { get; set; } = new("https://api.themoviedb.org");

    /// <summary>
    /// The "API Read Access Token" from the TMDB account's API settings, sent as a Bearer
    /// header (never as the api_key query parameter, which would put it in URLs and logs).
    /// A secret: never logged, never in messages.
    /// </summary>
    public string? AccessToken { get; set; }

    public int RequestsPerSecond { get; set; } = 20;

    public bool IsEnabled => (Enabled ?? true) && !string.IsNullOrWhiteSpace(AccessToken);

    // Options objects end up in logs and debuggers; the token must not.
    public override string ToString() =>
        $"Tmdb {{ Enabled = {Enabled}, Endpoint = {Endpoint}, AccessToken = {(string.IsNullOrEmpty(AccessToken) ? "(none)" : "(set)")}, RequestsPerSecond = {RequestsPerSecond} }}";
}

public sealed class MyAnimeListOptions
{
    /// <summary>The API v2 base; lists are read from users/{user}/animelist below it.</summary>
    public Uri Endpoint { get; set; } = new("https://api.myanimelist.net/v2/");

    /// <summary>The app's Client ID (myanimelist.net/apiconfig), sent as X-MAL-CLIENT-ID; reading public lists needs no more.</summary>
    public string? ClientId { get; set; }

    public int RequestsPerMinute { get; set; } = 30;

    /// <summary>Entries asked for per page (MyAnimeList allows up to 1000).</summary>
    public int PageSize { get; set; } = 1000;

    public override string ToString() =>
        $"MyAnimeList {{ Endpoint = {Endpoint}, ClientId = {(string.IsNullOrEmpty(ClientId) ? "(none)" : "(set)")}, RequestsPerMinute = {RequestsPerMinute}, PageSize = {PageSize} }}";
}
