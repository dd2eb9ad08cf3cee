using Microsoft.Extensions.Options;

namespace Sluice.Node.Metadata;

/// <summary>Stops the node at start on a metadata setting that cannot work, naming the key.</summary>
public sealed class MetadataOptionsValidation : IValidateOptions<MetadataOptions>
{
    public ValidateOptionsResult Validate(string? name, MetadataOptions o)
    {
        ArgumentNullException.ThrowIfNull(o);
        string?[] failures =
        [
            AtLeast(o.Timeout, "Metadata:Timeout", TimeSpan.FromMilliseconds(100)),
            AtLeast(o.CacheFor, "Metadata:CacheFor", TimeSpan.Zero),
            AtLeast(o.NegativeCacheFor, "Metadata:NegativeCacheFor", TimeSpan.Zero),
            AtLeast(o.DownFor, "Metadata:DownFor", TimeSpan.Zero),
            AtLeast(o.MaxRetryAfter, "Metadata:MaxRetryAfter", TimeSpan.Zero),
            Http(o.AniList.Endpoint, "Metadata:AniList:Endpoint"),
            o.AniList.RequestsPerMinute is < 1 or > 10_000
                ? $"Metadata:AniList:RequestsPerMinute must be within 1..10000 (got {o.AniList.RequestsPerMinute})."
                : null,
            Http(o.MyAnimeList.Endpoint, "Metadata:MyAnimeList:Endpoint"),
            o.MyAnimeList.RequestsPerMinute is < 1 or > 10_000
                ? $"Metadata:MyAnimeList:RequestsPerMinute must be within 1..10000 (got {o.MyAnimeList.RequestsPerMinute})."
                : null,
            o.MyAnimeList.PageSize is < 1 or > 1000
                ? $"Metadata:MyAnimeList:PageSize must be within 1..1000 (got {o.MyAnimeList.PageSize})."
                : null,
            Http(o.Tmdb.Endpoint, "Metadata:Tmdb:Endpoint"),
            o.Tmdb.RequestsPerSecond is < 1 or > 1_000
                ? $"Metadata:Tmdb:RequestsPerSecond must be within 1..1000 (got {o.Tmdb.RequestsPerSecond})."
                : null,
            o.Tmdb.Enabled == true && string.IsNullOrWhiteSpace(o.Tmdb.AccessToken)
                ? "Metadata:Tmdb:Enabled is true but Metadata:Tmdb:AccessToken is not set (the API Read Access Token from themoviedb.org's API settings)."
                : null,
            o.Tmdb.AccessToken is { } token
            && token.Trim().Length > 0
            && !TmdbClient.IsHeaderSafe(token.Trim())
                ? "Metadata:Tmdb:AccessToken holds characters an HTTP header cannot carry (spaces, line breaks, non-ASCII)."
                : null,
        ];
        var list = failures.OfType<string>().ToList();
        return list.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(list);
    }

    private static string? AtLeast(TimeSpan value, string key, TimeSpan min) =>
        value < min ? $"{key} must be at least {min} (got {value})." : null;

    private static string? Http(Uri? value, string key) =>
        value is { IsAbsoluteUri: true, Scheme: "http" or "https" }
            ? null
            : $"{key} must be an absolute http(s) URL.";
}
