using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;

namespace Sluice.Node.Notify;

/// <summary>
/// Posts one JSON body to one endpoint (a Discord webhook or a generic one), honouring rate
/// limits: before each request it waits out what <see cref="RateLimitGate"/> knows (the
/// webhook's exhausted bucket, the host's global limit); a 429 blocks the bucket, or the whole
/// host when flagged global, for the server's retry_after (fractional seconds in Discord's
/// body, else Retry-After or X-RateLimit-Reset-After) and is tried again. A wait longer than
/// <paramref name="maxInlineWait"/> ends the attempt as <see cref="DeliveryFault.RateLimited"/>.
/// Every other outcome is a <see cref="DeliveryException"/> saying what kind of failure it was.
/// </summary>
public sealed class WebhookSender(
    HttpClient http,
    RateLimitGate gate,
    TimeSpan maxInlineWait,
    TimeProvider time,
    ILogger<WebhookSender> log
)
{
    /// <summary>Enough for a burst of 429s; a server that keeps answering 429 is put off instead.</summary>
    private const int MaxRequests = 20;

    public async Task SendAsync(
        string channel,
        Uri url,
        JsonObject body,
        string idempotencyKey,
        string? secret,
        CancellationToken ct
    )
    {
        var json = body.ToJsonString();
        string[] keys = [channel, GlobalKey(url)];
        for (var attempt = 1; ; attempt++)
        {
            await gate.WaitAsync(channel, keys, maxInlineWait, ct);
            using var request = new HttpRequestMessage(HttpMethod.Post, url)
            {
                Content = new StringContent(json, Encoding.UTF8, "application/json"),
            };
            request.Headers.Add("Idempotency-Key", idempotencyKey);
            if (!string.IsNullOrEmpty(secret))
            {
                var mac = HMACSHA256.HashData(
                    Encoding.UTF8.GetBytes(secret),
                    Encoding.UTF8.GetBytes(json)
                );
                request.Headers.Add(
                    "X-Sluice-Signature",
                    "sha256=" + Convert.ToHexStringLower(mac)
                );
            }

            // The request itself is not cancelled by shutdown (HttpClient's timeout bounds it):
            // a send cut off half-way could not be told apart from a delivered one.
            HttpResponseMessage response;
            try
            {
                response = await http.SendAsync(request, CancellationToken.None);
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                throw DeliveryException.FromFailure(channel, ex);
            }

            using (response)
            {
                Observe(channel, response);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }

                var text = await ReadAsync(response);
                if (response.StatusCode != HttpStatusCode.TooManyRequests)
                {
                    throw DeliveryException.FromStatus(channel, response, text);
                }

                var (wait, global) = RateLimit(response, text);
                gate.Block(global ? keys[1] : channel, time.GetUtcNow() + wait);
                log.LogInformation(
                    "{Channel}: rate limited{Scope}; waiting {Wait} as asked",
                    channel,
                    global ? " (global)" : "",
                    wait
                );
                if (attempt >= MaxRequests)
                {
                    throw new DeliveryException(
                        DeliveryFault.RateLimited,
                        $"{channel}: still rate limited after {attempt} requests",
                        wait
                    );
                }
            }
        }
    }

    /// <summary>Discord's global limit is per caller and host: every webhook there shares it.</summary>
    public static string GlobalKey(Uri url) => $"global:{url.Authority}";

    /// <summary>A bucket with nothing left waits for its reset before the next request.</summary>
    private void Observe(string channel, HttpResponseMessage response)
    {
        if (
            Header(response, "X-RateLimit-Remaining") is 0
            && Header(response, "X-RateLimit-Reset-After") is { } reset
        )
        {
            gate.Block(channel, time.GetUtcNow() + TimeSpan.FromSeconds(reset));
        }
    }

    private static (TimeSpan Wait, bool Global) RateLimit(HttpResponseMessage response, string body)
    {
        double? seconds = null;
        var global =
            response.Headers.TryGetValues("X-RateLimit-Global", out var flag)
                && flag.First().Equals("true", StringComparison.OrdinalIgnoreCase)
            || (
                response.Headers.TryGetValues("X-RateLimit-Scope", out var scope)
                && scope.First() == "global"
            );
        try
        {
            using var doc = JsonDocument.Parse(body);
            if (doc.RootElement.ValueKind == JsonValueKind.Object)
            {
                if (
                    doc.RootElement.TryGetProperty("retry_after", out var value)
                    && value.TryGetDouble(out var s)
                )
                {
                    seconds = s;
                }

                global |=
                    doc.RootElement.TryGetProperty("global", out var g)
                    && g.ValueKind == JsonValueKind.True;
            }
        }
        catch (JsonException) { }

        seconds ??=
            response.Headers.RetryAfter?.Delta?.TotalSeconds
            ?? Header(response, "X-RateLimit-Reset-After")
            ?? 1;
        return (TimeSpan.FromSeconds(Math.Clamp(seconds.Value, 0, 86_400)), global);
    }

    private static double? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values)
        && double.TryParse(
            values.First(),
            NumberStyles.Float,
            CultureInfo.InvariantCulture,
            out var value
        )
            ? value
            : null;

    private static async Task<string> ReadAsync(HttpResponseMessage response)
    {
        try
        {
            return await response.Content.ReadAsStringAsync(CancellationToken.None);
        }
        catch (HttpRequestException)
        {
            return "";
        }
    }
}
