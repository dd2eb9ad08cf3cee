using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Sluice.Testing.Http;

/// <summary>One request a stand-in accepted.</summary>
public sealed record Received(
    string Route,
    JsonElement Body,
    IReadOnlyDictionary<string, string> Headers,
    string RawBody
)
{
    /// <summary>When it arrived, in the order of every stand-in of this test process.</summary>
    public long Sequence { get; init; }

    /// <summary>When it arrived, on the stand-in's clock (a test's manual clock when given one).</summary>
    public DateTimeOffset At { get; init; }
}

/// <summary>One request a stand-in answered, accepted or not.</summary>
public sealed record Answered(string Route, int Status, long Sequence, DateTimeOffset At);

/// <summary>
/// A local HTTP server speaking Discord's webhook API (POST /api/webhooks/{id}/{token}: 204,
/// or 200 with the message for ?wait=true; 400 for an empty message; 429 with Discord's body
/// and headers when told to rate-limit) and accepting generic JSON webhooks (POST
/// /hooks/{name}). Discord is an internet service, so tests use this instead. Faults on
/// demand: rate limits (per webhook or global), a fixed status per webhook (500, a deleted
/// webhook's 404), an exhausted bucket, and holding a request unanswered.
/// </summary>
public sealed partial class NotifyStandIn : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentQueue<Received> _accepted = new();
    private readonly ConcurrentQueue<Answered> _answered = new();
    private int _rateLimited;

    private NotifyStandIn(WebApplication app, TimeProvider time)
    {
        _app = app;
        _time = time;
    }

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Requests that delivered a message, in arrival order.</summary>
    public IReadOnlyList<Received> Accepted => [.. _accepted.OrderBy(r => r.Sequence)];

    /// <summary>Every request answered, whatever the answer, in arrival order.</summary>
    public IReadOnlyList<Answered> Answers => [.. _answered.OrderBy(a => a.Sequence)];

    /// <summary>How many requests were answered 429.</summary>
    public int RateLimited => Volatile.Read(ref _rateLimited);

    public double RetryAfterSeconds { get; set; } = 0.3;

    public Uri DiscordWebhook(string id = "123", string token = "secret-token") =>
        new(BaseAddress, $"/api/webhooks/{id}/{token}");

    public Uri Webhook(string name = "automation") => new(BaseAddress, $"/hooks/{name}");

    public static async Task<NotifyStandIn> StartAsync(TimeProvider? time = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        // A held request must not hold up the end of a test.
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(2));
        var app = builder.Build();
        var standIn = new NotifyStandIn(app, time ?? TimeProvider.System);
        app.MapPost(
            "/api/webhooks/{id}/{token}",
            (Delegate)((HttpContext context) => standIn.DiscordAsync(context, Route(context, "id")))
        );
        app.MapPost(
            "/hooks/{name}",
            (Delegate)((HttpContext context) => standIn.HookAsync(context, Route(context, "name")))
        );
        await app.StartAsync();
        var address = app
            .Services.GetRequiredService<IServer>()
            .Features.Get<IServerAddressesFeature>()!
            .Addresses.First();
        standIn.BaseAddress = new Uri(address);
        return standIn;
    }

    private async Task<IResult> DiscordAsync(HttpContext context, string id)
    {
        var raw = await new StreamReader(context.Request.Body).ReadToEndAsync();
        if (TakeRateLimit(id) is { } global)
        {
            return Answer(context, 429, DiscordRateLimited(context, global));
        }

        if (StatusFor(id) is { } status)
        {
            return Answer(context, status, DiscordError(status));
        }

        using var doc = JsonDocument.Parse(raw);
        var hasContent =
            doc.RootElement.TryGetProperty("content", out var content)
            && content.GetString() is { Length: > 0 };
        var hasEmbeds =
            doc.RootElement.TryGetProperty("embeds", out var embeds) && embeds.GetArrayLength() > 0;
        if (!hasContent && !hasEmbeds)
        {
            return Answer(
                context,
                400,
                Results.Json(
                    new { code = 50006, message = "Cannot send an empty message" },
                    statusCode: 400
                )
            );
        }

        Bucket(context);
        await AcceptAsync(context, raw);
        return Answer(
            context,
            context.Request.Query.ContainsKey("wait") ? 200 : 204,
            context.Request.Query.ContainsKey("wait")
                ? Results.Json(new { id = Guid.NewGuid().ToString("N") })
                : Results.NoContent()
        );
    }

    private async Task<IResult> HookAsync(HttpContext context, string name)
    {
        var raw = await new StreamReader(context.Request.Body).ReadToEndAsync();
        if (TakeRateLimit(name) is not null)
        {
            // A generic server: the Retry-After header (whole seconds), no body.
            context.Response.Headers.RetryAfter = Math.Ceiling(RetryAfterSeconds)
                .ToString(CultureInfo.InvariantCulture);
            return Answer(context, 429, Results.StatusCode(429));
        }

        if (StatusFor(name) is { } status)
        {
            return Answer(context, status, Results.StatusCode(status));
        }

        await AcceptAsync(context, raw);
        return Answer(context, 200, Results.Ok());
    }

    private static string Route(HttpContext context, string name) =>
        context.Request.RouteValues[name] as string ?? "";

    private async Task AcceptAsync(HttpContext context, string raw)
    {
        var hold = TakeHold();
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
            {
                Sequence = StandInSequence.Next(),
                At = _time.GetUtcNow(),
            }
        );
        if (hold is not null)
        {
            await hold.WaitAsync(context.RequestAborted, _stopping.Token);
        }
    }

    private IResult Answer(HttpContext context, int status, IResult result)
    {
        _answered.Enqueue(
            new Answered(context.Request.Path, status, StandInSequence.Next(), _time.GetUtcNow())
        );
        return result;
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _app.DisposeAsync();
        _stopping.Dispose();
    }
}

/// <summary>One counter for every stand-in, so tests can order requests made to different servers.</summary>
public static class StandInSequence
{
    private static long _last;

    public static long Next() => Interlocked.Increment(ref _last);
}
