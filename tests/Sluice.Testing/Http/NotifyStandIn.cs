using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Sluice.Testing.Http;

/// <summary>One request a stand-in accepted.</summary>
public sealed record Received(
    string Route,
    JsonElement Body,
    IReadOnlyDictionary<string, string> Headers,
    string RawBody
);

/// <summary>
/// A local HTTP server speaking Discord's webhook API (POST /api/webhooks/{id}/{token}: 204, or
/// 200 with the message for ?wait=true; 400 for an empty message; 429 with retry_after when
/// told to rate-limit) and accepting generic JSON webhooks (POST /hooks/{name}). Discord is an
/// internet service, so tests use this instead.
/// </summary>
public sealed class NotifyStandIn : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<Received> _accepted = new();
    private int _rateLimitNext;
    private int _rateLimited;

    private NotifyStandIn(WebApplication app) => _app = app;

    public Uri BaseAddress { get; private set; } = null!;

    public IReadOnlyList<Received> Accepted => [.. _accepted];

    /// <summary>How many requests were answered 429.</summary>
    public int RateLimited => Volatile.Read(ref _rateLimited);

    public double RetryAfterSeconds { get; set; } = 0.3;

    /// <summary>Answer the next <paramref name="count"/> requests with 429.</summary>
    public void RateLimitNext(int count) => Volatile.Write(ref _rateLimitNext, count);

    public Uri DiscordWebhook(string id = "123", string token = "secret-token") =>
        new(BaseAddress, $"/api/webhooks/{id}/{token}");

    public Uri Webhook(string name = "automation") => new(BaseAddress, $"/hooks/{name}");

    public static async Task<NotifyStandIn> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var standIn = new NotifyStandIn(app);
        app.MapPost(
            "/api/webhooks/{id}/{token}",
            (Delegate)((HttpContext context) => standIn.DiscordAsync(context))
        );
        app.MapPost(
            "/hooks/{name}",
            (Delegate)((HttpContext context) => standIn.AcceptAsync(context, 200))
        );
        await app.StartAsync();
        var address = app
            .Services.GetRequiredService<IServer>()
            .Features.Get<IServerAddressesFeature>()!
            .Addresses.First();
        standIn.BaseAddress = new Uri(address);
        return standIn;
    }

    private async Task<IResult> DiscordAsync(HttpContext context)
    {
        if (TakeRateLimit())
        {
            context.Response.Headers["Retry-After"] = Math.Ceiling(RetryAfterSeconds)
                .ToString(System.Globalization.CultureInfo.InvariantCulture);
            context.Response.Headers["X-RateLimit-Remaining"] = "0";
            return Results.Json(
                new
                {
                    message = "You are being rate limited.",
                    retry_after = RetryAfterSeconds,
                    global = false,
                },
                statusCode: 429
            );
        }

        var raw = await new StreamReader(context.Request.Body).ReadToEndAsync();
        using var doc = JsonDocument.Parse(raw);
        var hasContent =
            doc.RootElement.TryGetProperty("content", out var content)
            && content.GetString() is { Length: > 0 };
        var hasEmbeds =
            doc.RootElement.TryGetProperty("embeds", out var embeds) && embeds.GetArrayLength() > 0;
        if (!hasContent && !hasEmbeds)
        {
            return Results.Json(
                new { code = 50006, message = "Cannot send an empty message" },
                statusCode: 400
            );
        }

        Record(context, raw);
        return context.Request.Query.ContainsKey("wait")
            ? Results.Json(new { id = Guid.NewGuid().ToString("N") })
            : Results.NoContent();
    }

    private async Task<IResult> AcceptAsync(HttpContext context, int status)
    {
        if (TakeRateLimit())
        {
            return Results.StatusCode(429);
        }

        Record(context, await new StreamReader(context.Request.Body).ReadToEndAsync());
        return Results.StatusCode(status);
    }

    private void Record(HttpContext context, string raw) =>
        _accepted.Enqueue(
            new Received(
                context.Request.Path,
                JsonDocument.Parse(raw).RootElement.Clone(),
                context.Request.Headers.ToDictionary(
                    h => h.Key,
                    h => h.Value.ToString(),
                    StringComparer.OrdinalIgnoreCase
                ),
                raw
            )
        );

    private bool TakeRateLimit()
    {
        while (true)
        {
            var remaining = Volatile.Read(ref _rateLimitNext);
            if (remaining <= 0)
            {
                return false;
            }

            if (
                Interlocked.CompareExchange(ref _rateLimitNext, remaining - 1, remaining)
                == remaining
            )
            {
                Interlocked.Increment(ref _rateLimited);
                return true;
            }
        }
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
