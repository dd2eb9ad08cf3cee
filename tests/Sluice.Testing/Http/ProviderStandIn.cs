using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Sluice.Testing.Http;

/// <summary>What a provider stand-in does instead of answering.</summary>
public enum StandInFault
{
    None,

    /// <summary>HTTP 500.</summary>
    ServerError,

    /// <summary>Accepts the request and never answers (until the client gives up or the stand-in stops).</summary>
    Hang,

    /// <summary>HTTP 200 with a body that is not JSON (a captive portal, a proxy's error page).</summary>
    Garbage,
}

/// <summary>
/// The part the metadata provider stand-ins share: Kestrel on 127.0.0.1:0, a count of every
/// request that reached the server (faults included), rate limiting on demand (the next N
/// requests answer 429 with Retry-After) and the <see cref="StandInFault"/> switch.
/// </summary>
public abstract class ProviderStandIn : IAsyncDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentQueue<string> _asked = new();
    private WebApplication? _app;
    private int _requests;
    private int _rateLimitNext;
    private int _rateLimited;
    private int _fault;

    protected ProviderStandIn(TimeProvider? time) => Time = time ?? TimeProvider.System;

    /// <summary>The clock behind the Unix times in rate-limit headers.</summary>
    protected TimeProvider Time { get; }

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Every request that reached the server, answered or not.</summary>
    public int Requests => Volatile.Read(ref _requests);

    /// <summary>How many requests were answered 429.</summary>
    public int RateLimited => Volatile.Read(ref _rateLimited);

    /// <summary>What was asked, in order, by requests that got a normal answer.</summary>
    public IReadOnlyList<string> Asked => [.. _asked];

    public double RetryAfterSeconds { get; set; } = 1;

    public StandInFault Fault
    {
        get => (StandInFault)Volatile.Read(ref _fault);
        set => Volatile.Write(ref _fault, (int)value);
    }

    /// <summary>Answer the next <paramref name="count"/> requests with 429.</summary>
    public void RateLimitNext(int count) => Volatile.Write(ref _rateLimitNext, count);

    protected async Task StartServerAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        // A hanging request must not hold up the end of a test.
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(2));
        _app = builder.Build();
        Map(_app);
        await _app.StartAsync();
        var address = _app
            .Services.GetRequiredService<IServer>()
            .Features.Get<IServerAddressesFeature>()!
            .Addresses.First();
        BaseAddress = new Uri(address);
    }

    protected abstract void Map(WebApplication app);

    /// <summary>The provider's own 429 (headers and body).</summary>
    protected abstract IResult RateLimitedAnswer(HttpContext context, TimeSpan retryAfter);

    /// <summary>The provider's own 500.</summary>
    protected abstract IResult ServerErrorAnswer();

    /// <summary>
    /// Counts the request and plays the fault it is told to; null when the request is to be
    /// answered normally.
    /// </summary>
    protected async Task<IResult?> FaultAsync(HttpContext context)
    {
        Interlocked.Increment(ref _requests);
        if (TakeRateLimit())
        {
            return RateLimitedAnswer(context, TimeSpan.FromSeconds(RetryAfterSeconds));
        }

        switch (Fault)
        {
            case StandInFault.None:
                return null;
            case StandInFault.ServerError:
                return ServerErrorAnswer();
            case StandInFault.Garbage:
                return Results.Text(
                    "<html><body>Please log in to the hotel Wi-Fi</body></html>",
                    "text/html"
                );
            case StandInFault.Hang:
                using (
                    var until = CancellationTokenSource.CreateLinkedTokenSource(
                        context.RequestAborted,
                        _stopping.Token
                    )
                )
                {
                    try
                    {
                        await Task.Delay(
                            Timeout.InfiniteTimeSpan,
                            TimeProvider.System,
                            until.Token
                        );
                    }
                    catch (OperationCanceledException) { }
                }

                return Results.Empty;
            default:
                throw new InvalidOperationException($"Unknown fault {Fault}.");
        }
    }

    protected void Record(string what) => _asked.Enqueue(what);

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

    /// <summary>Lower case, punctuation as spaces: how the stand-ins' fuzzy search compares.</summary>
    protected static string[] Words(string text) =>
        new string([
            .. text.ToLowerInvariant().Select(c => char.IsLetterOrDigit(c) ? c : ' '),
        ]).Split(' ', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Every word of the search appears among the candidate's words, as providers' searches roughly do.</summary>
    protected static bool Resembles(string search, IEnumerable<string?> titles)
    {
        var words = titles.OfType<string>().SelectMany(Words).ToHashSet();
        var wanted = Words(search);
        return wanted.Length > 0 && wanted.All(words.Contains);
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        _stopping.Dispose();
        GC.SuppressFinalize(this);
    }
}
