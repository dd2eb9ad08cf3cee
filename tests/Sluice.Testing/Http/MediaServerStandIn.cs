using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Sluice.Testing.Http;

/// <summary>A library refresh a media-server stand-in accepted.</summary>
/// <param name="Section">Plex's library section key; null for Jellyfin.</param>
public sealed record Refresh(string? Section, string Path, long Sequence, DateTimeOffset At);

/// <summary>
/// What the Plex and Jellyfin stand-ins share: Kestrel on 127.0.0.1:0, the refreshes accepted
/// in order (numbered with every other stand-in's requests), requests refused for a wrong
/// token, and faults on demand (the next N requests, or every one, answered with a status).
/// </summary>
public abstract class MediaServerStandIn : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private readonly List<Refresh> _refreshes = [];
    private WebApplication? _app;
    private int _failNext;
    private int _failStatus = 500;
    private int _unauthorized;

    protected MediaServerStandIn(string secret, TimeProvider? time)
    {
        Secret = secret;
        Time = time ?? TimeProvider.System;
    }

    /// <summary>The token or API key requests must carry.</summary>
    public string Secret { get; }

    protected TimeProvider Time { get; }

    public Uri BaseAddress { get; private set; } = null!;

    public IReadOnlyList<Refresh> Refreshes
    {
        get
        {
            lock (_gate)
            {
                return [.. _refreshes];
            }
        }
    }

    /// <summary>Requests refused for a missing or wrong token.</summary>
    public int Unauthorized => Volatile.Read(ref _unauthorized);

    /// <summary>Every request answered with <paramref name="status"/> (null: answer normally again).</summary>
    public int? AnswerWith { get; set; }

    /// <summary>Answer the next <paramref name="count"/> requests with <paramref name="status"/>.</summary>
    public void FailNext(int count, int status = 500)
    {
        Volatile.Write(ref _failStatus, status);
        Volatile.Write(ref _failNext, count);
    }

    protected async Task StartServerAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _app = builder.Build();
        Map(_app);
        await _app.StartAsync();
        BaseAddress = new Uri(
            _app.Services.GetRequiredService<IServer>()
                .Features.Get<IServerAddressesFeature>()!
                .Addresses.First()
        );
    }

    protected abstract void Map(WebApplication app);

    /// <summary>Whether the request carries the secret the way this server reads it.</summary>
    protected abstract bool Authorized(HttpRequest request);

    /// <summary>The answer to play instead of the normal one, or null.</summary>
    protected IResult? Refuse(HttpContext context)
    {
        if (!Authorized(context.Request))
        {
            Interlocked.Increment(ref _unauthorized);
            return Results.StatusCode(StatusCodes.Status401Unauthorized);
        }

        if (AnswerWith is { } status)
        {
            return Results.StatusCode(status);
        }

        while (true)
        {
            var remaining = Volatile.Read(ref _failNext);
            if (remaining <= 0)
            {
                return null;
            }

            if (Interlocked.CompareExchange(ref _failNext, remaining - 1, remaining) == remaining)
            {
                return Results.StatusCode(Volatile.Read(ref _failStatus));
            }
        }
    }

    protected void Record(string? section, string path)
    {
        lock (_gate)
        {
            _refreshes.Add(new Refresh(section, path, StandInSequence.Next(), Time.GetUtcNow()));
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }
}
