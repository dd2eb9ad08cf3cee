using Microsoft.Extensions.Options;
using Sluice.Domain.Items;

namespace Sluice.Node.Configuration;

/// <summary>
/// The notify settings beyond the channel list: coalescing, backoff, quarantine and the media
/// servers. A node that sends needs each server's URL and token; other nodes may list servers by
/// name only, like the other channels.
/// </summary>
public sealed class NotifyOptionsValidation(
    IOptions<NodeOptions> node,
    IOptions<Metadata.MetadataOptions> metadata
) : IValidateOptions<NotifyOptions>
{
    public ValidateOptionsResult Validate(string? name, NotifyOptions o)
    {
        var sends = node.Value.EffectiveRoles.Contains(Roles.Notify);
        List<string?> failures =
        [
            o.CoalesceWindow < TimeSpan.Zero || o.CoalesceWindow > TimeSpan.FromDays(1)
                ? $"Notify:CoalesceWindow must be within 00:00:00..1.00:00:00 (got {o.CoalesceWindow})."
                : null,
            o.RetryBackoffBase <= TimeSpan.Zero
                ? $"Notify:RetryBackoffBase must be positive (got {o.RetryBackoffBase})."
                : null,
            o.RetryBackoffMax < o.RetryBackoffBase
                ? "Notify:RetryBackoffMax must not be below Notify:RetryBackoffBase."
                : null,
            o.QuarantineAfter is < 1 or > 1000
                ? $"Notify:QuarantineAfter must be within 1..1000 (got {o.QuarantineAfter})."
                : null,
            o.MaxInlineRetryAfter < TimeSpan.Zero
                ? "Notify:MaxInlineRetryAfter must not be negative."
                : null,
        ];
        for (var i = 0; i < o.Plex.Count; i++)
        {
            var plex = o.Plex[i];
            failures.AddRange(
                Server($"Notify:Plex:{i}", plex.Name, plex.Url, plex.LibraryRoot, sends)
            );
            failures.Add(Secret($"Notify:Plex:{i}:Token", plex.Token, sends));
        }

        for (var i = 0; i < o.Jellyfin.Count; i++)
        {
            var jellyfin = o.Jellyfin[i];
            failures.AddRange(
                Server(
                    $"Notify:Jellyfin:{i}",
                    jellyfin.Name,
                    jellyfin.Url,
                    jellyfin.LibraryRoot,
                    sends
                )
            );
            failures.Add(Secret($"Notify:Jellyfin:{i}:ApiKey", jellyfin.ApiKey, sends));
        }

        failures.AddRange(
            AudienceValidation.Failures(
                o,
                !string.IsNullOrWhiteSpace(metadata.Value.MyAnimeList.ClientId)
            )
        );
        var list = failures.OfType<string>().ToList();
        return list.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(list);
    }

    private static IEnumerable<string?> Server(
        string key,
        string name,
        string url,
        string? root,
        bool sends
    ) =>
        [
            string.IsNullOrWhiteSpace(name) ? $"{key}:Name is required." : null,
            string.IsNullOrEmpty(url)
                ? sends
                    ? $"{key}:Url is required on a node with the notify role."
                    : null
                : Uri.TryCreate(url, UriKind.Absolute, out var uri)
                && uri.Scheme is "http" or "https"
                    ? null
                    : $"{key}:Url must be an http(s) URL.",
            root is { Length: > 0 } && !root.StartsWith('/')
                ? $"{key}:LibraryRoot must be an absolute path as the server sees it (got '{root}')."
                : null,
        ];

    private static string? Secret(string key, string value, bool sends) =>
        sends && string.IsNullOrEmpty(value)
            ? $"{key} is required on a node with the notify role (SLUICE_{key.Replace(":", "__", StringComparison.Ordinal)})."
            : null;
}
