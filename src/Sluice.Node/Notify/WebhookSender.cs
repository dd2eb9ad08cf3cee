using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Sluice.Node.Engine;

namespace Sluice.Node.Notify;

/// <summary>
/// Posts one JSON body to one endpoint, honouring rate limits: a 429 waits the server's
/// retry_after (Discord's body, or the Retry-After header) and tries again, as long as the
/// wait stays under <paramref name="maxInlineWait"/>. 5xx and network errors are transient;
/// other 4xx are permanent (a deleted webhook will not come back by retrying).
/// </summary>
public sealed class WebhookSender(
    HttpClient http,
    TimeSpan maxInlineWait,
    TimeProvider time,
    ILogger<WebhookSender> log
)
{
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
        for (var attempt = 1; ; attempt++)
        {
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
            using var response = await http.SendAsync(request, CancellationToken.None);
            if (response.IsSuccessStatusCode)
            {
                return;
            }

            var text = await response.Content.ReadAsStringAsync(ct);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                var wait = RetryAfter(response, text);
                if (wait > maxInlineWait || attempt >= 20)
                {
                    throw new HttpRequestException(
                        $"{channel}: rate limited for {wait.TotalSeconds:0.#} s; will retry later."
                    );
                }

                log.LogInformation(
                    "{Channel}: rate limited; waiting {Wait} as asked",
                    channel,
                    wait
                );
                await Task.Delay(wait, time, ct);
                continue;
            }

            var status = (int)response.StatusCode;
            var message = $"{channel}: HTTP {status} {response.ReasonPhrase}: {Tail(text)}";
            throw status >= 500
                ? new HttpRequestException(message)
                : new PermanentStepException(message);
        }
    }

    private static TimeSpan RetryAfter(HttpResponseMessage response, string body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            if (
                doc.RootElement.TryGetProperty("retry_after", out var value)
                && value.TryGetDouble(out var seconds)
            )
            {
                return TimeSpan.FromSeconds(Math.Max(0, seconds));
            }
        }
        catch (JsonException) { }

        if (response.Headers.RetryAfter?.Delta is { } delta)
        {
            return delta;
        }

        return
            response.Headers.TryGetValues("X-RateLimit-Reset-After", out var values)
            && double.TryParse(
                values.First(),
                NumberStyles.Float,
                CultureInfo.InvariantCulture,
                out var reset
            )
            ? TimeSpan.FromSeconds(reset)
            : TimeSpan.FromSeconds(1);
    }

    private static string Tail(string text) => text.Length <= 300 ? text : text[..300] + "…";
}
