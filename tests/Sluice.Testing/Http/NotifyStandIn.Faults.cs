using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace Sluice.Testing.Http;

/// <summary>The faults the Discord and webhook stand-in plays on demand.</summary>
public sealed partial class NotifyStandIn
{
    private readonly ConcurrentDictionary<string, int> _statuses = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<HeldRequest> _holds = new();
    private volatile string? _rateLimitOnly;
    private int _rateLimitNext;
    private int _rateLimitGlobal;
    private readonly Lock _exhaustGate = new();
    private double? _exhaustNext;

    /// <summary>
    /// Answer the next <paramref name="count"/> requests (to the Discord webhook id or hook name
    /// <paramref name="only"/>, when given) with 429; <paramref name="global"/> flags Discord's
    /// global limit.
    /// </summary>
    public void RateLimitNext(int count, bool global = false, string? only = null)
    {
        _rateLimitOnly = only;
        Volatile.Write(ref _rateLimitGlobal, global ? 1 : 0);
        Volatile.Write(ref _rateLimitNext, count);
    }

    /// <summary>
    /// Answer every request to one Discord webhook id or hook name with <paramref name="status"/>
    /// (500 for an outage, 404 for a deleted webhook) until cleared with null.
    /// </summary>
    public void AnswerWith(string webhook, int? status)
    {
        if (status is { } s)
        {
            _statuses[webhook] = s;
        }
        else
        {
            _statuses.TryRemove(webhook, out _);
        }
    }

    /// <summary>The next accepted Discord message says its bucket is empty for <paramref name="resetAfterSeconds"/>.</summary>
    public void ExhaustBucketOnNext(double resetAfterSeconds)
    {
        lock (_exhaustGate)
        {
            _exhaustNext = resetAfterSeconds;
        }
    }

    /// <summary>
    /// The next accepted message is recorded, then left unanswered until released (or the
    /// client gives up): a node killed in this window has sent a message it never heard about.
    /// </summary>
    public HeldRequest HoldNext()
    {
        var hold = new HeldRequest();
        _holds.Enqueue(hold);
        return hold;
    }

    private HeldRequest? TakeHold()
    {
        if (!_holds.TryDequeue(out var hold))
        {
            return null;
        }

        hold.Arrived();
        return hold;
    }

    private int? StatusFor(string webhook) =>
        _statuses.TryGetValue(webhook, out var status) ? status : null;

    /// <summary>Null when the request goes through; else whether the 429 is global.</summary>
    private bool? TakeRateLimit(string webhook)
    {
        if (_rateLimitOnly is { } only && only != webhook)
        {
            return null;
        }

        while (true)
        {
            var remaining = Volatile.Read(ref _rateLimitNext);
            if (remaining <= 0)
            {
                return null;
            }

            if (
                Interlocked.CompareExchange(ref _rateLimitNext, remaining - 1, remaining)
                == remaining
            )
            {
                Interlocked.Increment(ref _rateLimited);
                return Volatile.Read(ref _rateLimitGlobal) == 1;
            }
        }
    }

    /// <summary>Discord's 429: the JSON body with fractional retry_after, and its headers.</summary>
    private IResult DiscordRateLimited(HttpContext context, bool global)
    {
        var seconds = RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        var headers = context.Response.Headers;
        headers.RetryAfter = Math.Ceiling(RetryAfterSeconds).ToString(CultureInfo.InvariantCulture);
        headers["X-RateLimit-Limit"] = "5";
        headers["X-RateLimit-Remaining"] = "0";
        headers["X-RateLimit-Reset-After"] = seconds;
        headers["X-RateLimit-Bucket"] = "stand-in-bucket";
        headers["X-RateLimit-Scope"] = global ? "global" : "user";
        if (global)
        {
            headers["X-RateLimit-Global"] = "true";
        }

        return Results.Json(
            new
            {
                message = "You are being rate limited.",
                retry_after = RetryAfterSeconds,
                global,
            },
            statusCode: 429
        );
    }

    /// <summary>The bucket headers Discord puts on every answer; an exhausted one when asked.</summary>
    private void Bucket(HttpContext context)
    {
        double? exhausted;
        lock (_exhaustGate)
        {
            (exhausted, _exhaustNext) = (_exhaustNext, null);
        }

        var headers = context.Response.Headers;
        headers["X-RateLimit-Limit"] = "5";
        headers["X-RateLimit-Remaining"] = exhausted is null ? "4" : "0";
        headers["X-RateLimit-Reset-After"] = (exhausted ?? 1).ToString(
            CultureInfo.InvariantCulture
        );
        headers["X-RateLimit-Bucket"] = "stand-in-bucket";
    }

    private static IResult DiscordError(int status) =>
        status switch
        {
            401 => Results.Json(new { message = "401: Unauthorized", code = 0 }, statusCode: 401),
            404 => Results.Json(new { message = "Unknown Webhook", code = 10015 }, statusCode: 404),
            _ => Results.Json(new { message = "Internal Server Error" }, statusCode: status),
        };
}

/// <summary>A request the stand-in holds unanswered until released.</summary>
public sealed class HeldRequest
{
    private readonly TaskCompletionSource _arrived = new(
        TaskCreationOptions.RunContinuationsAsynchronously
    );
    private readonly TaskCompletionSource _released = new(
        TaskCreationOptions.RunContinuationsAsynchronously
    );

    /// <summary>Completes once the request reached the stand-in (and was recorded).</summary>
    public Task Reached => _arrived.Task;

    public void Release() => _released.TrySetResult();

    internal void Arrived() => _arrived.TrySetResult();

    internal async Task WaitAsync(CancellationToken aborted, CancellationToken stopping)
    {
        using var either = CancellationTokenSource.CreateLinkedTokenSource(aborted, stopping);
        try
        {
            await _released.Task.WaitAsync(either.Token);
        }
        catch (OperationCanceledException) { }
    }
}
