using System.Globalization;
using System.Net;

namespace Sluice.Node.Metadata;

/// <summary>Reading what came back: bodies, failure descriptions, how long a 429 asks to wait.</summary>
internal sealed partial class ProviderGate
{
    private async Task<ProviderResult<string>> ReadAsync(
        HttpResponseMessage response,
        string what,
        CancellationToken ct
    )
    {
        try
        {
            return ProviderResult.Found(await response.Content.ReadAsStringAsync(ct));
        }
        catch (HttpRequestException e)
        {
            return Down(options.DownFor, $"{what}: the answer broke off: {e.Message}");
        }
        catch (IOException e)
        {
            return Down(options.DownFor, $"{what}: the answer broke off: {e.Message}");
        }
        catch (OperationCanceledException)
        {
            _ = Down(options.DownFor, $"the answer to {what} did not arrive in time");
            if (ct.IsCancellationRequested)
            {
                throw;
            }

            return ProviderResult.Unavailable<string>();
        }
    }

    private static string Describe(HttpResponseMessage response) =>
        response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden
            ? $"HTTP {(int)response.StatusCode}: the credentials were refused"
            : $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}";

    /// <summary>Retry-After as seconds or a date, else AniList's X-RateLimit-Reset (Unix seconds).</summary>
    private TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        var now = time.GetUtcNow();
        if (response.Headers.RetryAfter is { } header)
        {
            var wait = header.Delta ?? (header.Date is { } date ? date - now : null);
            if (wait is { } value)
            {
                return value < TimeSpan.Zero ? TimeSpan.Zero : value;
            }
        }

        if (
            response.Headers.TryGetValues("X-RateLimit-Reset", out var values)
            && long.TryParse(
                values.FirstOrDefault(),
                NumberStyles.None,
                CultureInfo.InvariantCulture,
                out var reset
            )
        )
        {
            var wait = DateTimeOffset.FromUnixTimeSeconds(reset) - now;
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }

        return null;
    }

    private string Scrub(string text) =>
        string.IsNullOrEmpty(secret)
            ? text
            : text.Replace(secret, "(token)", StringComparison.Ordinal);
}
