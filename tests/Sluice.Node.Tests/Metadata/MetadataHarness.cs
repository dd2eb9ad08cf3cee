using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;
using Sluice.Domain.Naming;
using Sluice.Node.Metadata;
using Sluice.Testing;
using Sluice.Testing.Http;

namespace Sluice.Node.Tests.Metadata;

/// <summary>
/// The metadata service wired to local AniList and TMDB stand-ins, an in-memory cache, captured
/// logs and a manual clock (timeouts, Retry-After waits, rate-limit refills and "down" periods
/// all move only when a spec advances it).
/// </summary>
public sealed class MetadataHarness : IAsyncDisposable
{
    private readonly HttpClient _http = new();

    private MetadataHarness(
        ManualTimeProvider clock,
        AniListStandIn aniList,
        TmdbStandIn tmdb,
        MetadataOptions options
    )
    {
        Clock = clock;
        AniList = aniList;
        Tmdb = tmdb;
        Options = options;
        Cache = new InMemoryMetadataCache(clock);
        var wrapped = Microsoft.Extensions.Options.Options.Create(options);
        AniListClient = new AniListClient(_http, clock, wrapped, Logs.For<AniListClient>());
        TmdbClient = new TmdbClient(_http, clock, wrapped, Logs.For<TmdbClient>());
        Service = new MetadataService(
            AniListClient,
            TmdbClient,
            Cache,
            clock,
            wrapped,
            Logs.For<MetadataService>()
        );
    }

    public ManualTimeProvider Clock { get; }
    public AniListStandIn AniList { get; }
    public TmdbStandIn Tmdb { get; }
    public MetadataOptions Options { get; }
    public InMemoryMetadataCache Cache { get; }
    public CapturedLogs Logs { get; } = new();
    public AniListClient AniListClient { get; }
    public TmdbClient TmdbClient { get; }
    public MetadataService Service { get; }

    public static async Task<MetadataHarness> StartAsync(Action<MetadataOptions>? configure = null)
    {
        var clock = new ManualTimeProvider();
        var aniList = await AniListStandIn.StartAsync(clock);
        var tmdb = await TmdbStandIn.StartAsync(clock);
        var options = new MetadataOptions
        {
            AniList = { Endpoint = aniList.Endpoint },
            Tmdb = { Endpoint = tmdb.BaseAddress, AccessToken = tmdb.AccessToken },
        };
        configure?.Invoke(options);
        return new MetadataHarness(clock, aniList, tmdb, options);
    }

    public Task<MetadataMatch?> LookupAsync(string releaseName) =>
        Service.LookupAsync(
            ReleaseParser.Parse(releaseName),
            TestContext.Current.CancellationToken
        );

    /// <summary>A lookup that waits on the clock (a Retry-After), advanced in small steps until it ends.</summary>
    public async Task<MetadataMatch?> LookupAdvancingAsync(string releaseName, TimeSpan step)
    {
        var lookup = LookupAsync(releaseName);
        await Clock.AdvanceUntilCompletedAsync(
            lookup,
            step,
            TimeSpan.FromSeconds(30),
            TestContext.Current.CancellationToken
        );
        return await lookup;
    }

    /// <summary>A lookup that must end without the clock moving: nothing in it waited.</summary>
    public async Task<MetadataMatch?> LookupPromptlyAsync(string releaseName) =>
        await LookupAsync(releaseName)
            .WaitAsync(
                TimeSpan.FromSeconds(10),
                TimeProvider.System,
                TestContext.Current.CancellationToken
            );

    public static Task<bool> EventuallyAsync(Func<bool> condition) =>
        Eventually.TrueWithinAsync(
            condition,
            TimeSpan.FromSeconds(10),
            TestContext.Current.CancellationToken
        );

    /// <summary>A short real pause, for "still nothing happened" checks.</summary>
    public static Task SettleAsync() =>
        Task.Delay(
            TimeSpan.FromMilliseconds(150),
            TimeProvider.System,
            TestContext.Current.CancellationToken
        );

    /// <summary>A loopback address nothing listens on: connections are refused at once.</summary>
    public static Uri RefusingEndpoint()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return new Uri($"http://127.0.0.1:{port}/");
    }

    public async ValueTask DisposeAsync()
    {
        AniListClient.Dispose();
        TmdbClient.Dispose();
        _http.Dispose();
        await AniList.DisposeAsync();
        await Tmdb.DisposeAsync();
    }
}
