using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Sluice.Node.Configuration;
using Sluice.Node.Metadata;

namespace Sluice.Node.Secrets;

/// <summary>
/// The configured secrets (the API token, webhook URLs and signing secrets, Plex tokens and
/// Jellyfin API keys, the TMDB token, the PostgreSQL password), and <see cref="Scrub"/>, which
/// every text leaving the node through the API or a log line passes: a remote's error may echo a URL back ("Cannot POST
/// /hooks/…"), and that text lands in the journal as the step's error.
/// </summary>
public sealed class SecretScrubber
{
    public const string Mask = "***";

    // Shorter values would mask ordinary words; no real secret is this short.
    private const int MinLength = 6;

    // A part of a URL this long is a token, not a word like "webhooks" or "api".
    private const int MinPartLength = 16;

    // Lazy: the console logger builds this before the node validates its options, and a bad
    // configuration must stop the node with its own message, not inside a log call.
    private readonly Lazy<string[]> _values;

    /// <summary>A scrubber for exactly these values (tests, tools).</summary>
    public static SecretScrubber Of(params IEnumerable<string?> values) => new(() => values);

    private SecretScrubber(Func<IEnumerable<string?>> values)
    {
        _values = new Lazy<string[]>(() =>
            [
                .. values()
                    .OfType<string>()
                    .Where(v => v.Length >= MinLength)
                    .Distinct(StringComparer.Ordinal)
                    // Longest first: a URL is masked whole before its path alone.
                    .OrderByDescending(v => v.Length),
            ]
        );
    }

    public SecretScrubber(
        IOptions<ApiOptions> api,
        IOptions<NotifyOptions> notify,
        IOptions<MetadataOptions> metadata,
        IOptions<StoreOptions> store
    )
        : this(() =>
            [
                api.Value.Token,
                .. notify.Value.Discord.Concat(notify.Value.Webhooks).SelectMany(UrlParts),
                .. notify.Value.Discord.Concat(notify.Value.Webhooks).Select(w => w.Secret),
                .. notify.Value.Plex.Select(p => p.Token),
                .. notify.Value.Jellyfin.Select(j => j.ApiKey),
                metadata.Value.Tmdb.AccessToken,
                metadata.Value.MyAnimeList.ClientId,
                PostgresPassword(store.Value.Postgres),
            ]
        ) { }

    /// <summary>The text with every secret replaced by <see cref="Mask"/>.</summary>
    public string Scrub(string text)
    {
        foreach (var secret in _values.Value)
        {
            if (text.Contains(secret, StringComparison.Ordinal))
            {
                text = text.Replace(secret, Mask, StringComparison.Ordinal);
            }
        }

        return text;
    }

    public string? ScrubOrNull(string? text) => text is null ? null : Scrub(text);

    /// <summary>Every string inside the JSON, scrubbed (escaping would hide a secret from a plain text search).</summary>
    public JsonElement Scrub(JsonElement json)
    {
        var node = JsonNode.Parse(json.GetRawText());
        if (node is null)
        {
            return json;
        }

        return node is JsonValue value
            ? JsonSerializer.SerializeToElement(ScrubValue(value))
            : JsonSerializer.SerializeToElement(ScrubChildren(node));
    }

    /// <summary>Replaces string leaves in place; containers keep their identity (a node has one parent).</summary>
    private JsonNode ScrubChildren(JsonNode node)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var key in o.Select(p => p.Key).ToList())
                {
                    if (o[key] is JsonValue leaf)
                    {
                        o[key] = ScrubValue(leaf);
                    }
                    else if (o[key] is { } child)
                    {
                        ScrubChildren(child);
                    }
                }

                break;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++)
                {
                    if (a[i] is JsonValue leaf)
                    {
                        a[i] = ScrubValue(leaf);
                    }
                    else if (a[i] is { } child)
                    {
                        ScrubChildren(child);
                    }
                }

                break;
        }

        return node;
    }

    private JsonNode ScrubValue(JsonValue value) =>
        value.GetValueKind() == JsonValueKind.String
            ? JsonValue.Create(Scrub(value.GetValue<string>()))
            : value.DeepClone();

    /// <summary>
    /// A webhook URL whole, its path and query, and each long part of them: Discord's token is
    /// the last path segment, and an error may quote it alone.
    /// </summary>
    private static IEnumerable<string?> UrlParts(WebhookOptions hook)
    {
        yield return hook.Url;
        if (!Uri.TryCreate(hook.Url, UriKind.Absolute, out var uri) || uri.PathAndQuery.Length <= 1)
        {
            yield break;
        }

        yield return uri.PathAndQuery;
        yield return Uri.UnescapeDataString(uri.PathAndQuery);
        foreach (
            var part in uri.PathAndQuery.Split(
                ['/', '?', '&', '='],
                StringSplitOptions.RemoveEmptyEntries
            )
        )
        {
            if (part.Length >= MinPartLength)
            {
                yield return part;
                yield return Uri.UnescapeDataString(part);
            }
        }
    }

    private static string? PostgresPassword(string? connection)
    {
        if (string.IsNullOrEmpty(connection))
        {
            return null;
        }

        try
        {
            return new Npgsql.NpgsqlConnectionStringBuilder(connection).Password;
        }
        catch (ArgumentException)
        {
            return null;
        }
    }
}
