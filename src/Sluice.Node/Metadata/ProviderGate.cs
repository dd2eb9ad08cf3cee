using System.Net;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Logging;

namespace Sluice.Node.Metadata;

/// <summary>
/// What every request to one provider goes through: the "down" switch, the rate limiter, one
/// honoured 429, and the rule that failures become <see cref="ProviderStatus.Unavailable"/>
/// plus a logged warning instead of exceptions. The only exception that leaves is
/// <see cref="OperationCanceledException"/> for the caller's own token.
/// </summary>
/// <remarks>
/// Invariants: <c>_downUntil</c> only moves forward (two failures racing keep the later end);
/// a request is sent only while the provider is not down and with a rate-limit token in hand;
/// a 429 is retried at most once per call. Log lines name the provider, the status and what was
/// asked, never request headers or bodies (they hold the credentials), and
/// <paramref name="secret"/> is scrubbed from any message that came from elsewhere.
/// </remarks>
internal sealed partial class ProviderGate(
    string name,
    RateLimiter limiter,
    HttpClient http,
    TimeProvider time,
    MetadataOptions options,
    string? secret,
    ILogger log
) : IDisposable
{
    private long _downUntilTicks;

    public string Name => name;

    public bool IsDown => time.GetUtcNow().UtcTicks < Interlocked.Read(ref _downUntilTicks);

    /// <summary>Sends one request; the body of a 2xx answer, or why there is none.</summary>
    public async Task<ProviderResult<string>> SendAsync(
        Func<HttpRequestMessage> build,
        string what,
        CancellationToken ct
    )
    {
        if (IsDown)
        {
            log.LogDebug("{Provider} is down; not asking for {What}", name, what);
            return ProviderResult.Unavailable<string>();
        }

        for (var attempt = 1; ; attempt++)
        {
            // Waiting for a token is our own pacing, not the provider's fault: a wait cut off by
            // the lookup's timeout leaves the provider up.
            using var lease = await limiter.AcquireAsync(1, ct);
            if (!lease.IsAcquired)
            {
                log.LogWarning(
                    "{Provider}: too many lookups are waiting for the rate limit; {What} goes without",
                    name,
                    what
                );
                return ProviderResult.Unavailable<string>();
            }

            using var request = build();
            HttpResponseMessage response;
            try
            {
                response = await http.SendAsync(request, ct);
            }
            catch (HttpRequestException e)
            {
                return Down(options.DownFor, $"{what} failed: {e.Message}");
            }
            catch (OperationCanceledException)
            {
                // The lookup's timeout (or HttpClient's own): a provider that hangs is down.
                _ = Down(options.DownFor, $"no answer to {what} in time");
                if (ct.IsCancellationRequested)
                {
                    throw;
                }

                return ProviderResult.Unavailable<string>();
            }

            using (response)
            {
                if (response.IsSuccessStatusCode)
                {
                    return await ReadAsync(response, what, ct);
                }

                if (response.StatusCode == HttpStatusCode.NotFound)
                {
                    return ProviderResult.NotFound<string>();
                }

                if (response.StatusCode != HttpStatusCode.TooManyRequests)
                {
                    return Down(options.DownFor, $"{what}: {Describe(response)}");
                }

                var wait = RetryAfter(response);
                if (attempt > 1 || wait is not { } delay || delay > options.MaxRetryAfter)
                {
                    return Down(wait ?? options.DownFor, $"{what}: rate limited (429)");
                }

                log.LogInformation(
                    "{Provider}: rate limited; asking again for {What} in {Wait} as told",
                    name,
                    what,
                    delay
                );
                try
                {
                    await Task.Delay(delay, time, ct);
                }
                catch (OperationCanceledException)
                {
                    _ = Down(delay, $"{what}: rate limited (429) and out of time");
                    throw;
                }
            }
        }
    }

    /// <summary>For answers that arrived but make no sense: the provider counts as down.</summary>
    public void MarkDown(string reason) => _ = Down(options.DownFor, reason);

    private ProviderResult<string> Down(TimeSpan span, string reason)
    {
        var until = time.GetUtcNow() + span;
        long seen;
        do
        {
            seen = Interlocked.Read(ref _downUntilTicks);
            if (seen >= until.UtcTicks)
            {
                break;
            }
        } while (Interlocked.CompareExchange(ref _downUntilTicks, until.UtcTicks, seen) != seen);

        log.LogWarning(
            "{Provider}: {Reason}; going on without it and not asking again until {Until:u}",
            name,
            Scrub(reason),
            until
        );
        return ProviderResult.Unavailable<string>();
    }

    public void Dispose() => limiter.Dispose();
}
