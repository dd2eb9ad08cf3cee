using System.Text.Json;
using Microsoft.Extensions.Options;
using Sluice.Domain.Engine;
using Sluice.Domain.Items;
using Sluice.Node.Configuration;
using Sluice.Node.Engine;
using Sluice.Node.Notify;
using Sluice.Node.Secrets;
using Sluice.Node.Tests.Metadata;
using Sluice.Store;
using Sluice.Store.Sqlite;
using Sluice.Testing;
using Sluice.Testing.Http;

namespace Sluice.Node.Tests.Notify;

/// <summary>
/// The notify stage for real on a manual clock: a SQLite store, the real handler, dispatcher
/// and sender, a real worker pool (two notify jobs at a time) and local stand-ins for Discord
/// and webhooks. Items are walked to the notify step through the store, as the earlier stages
/// would; the test moves the clock on while the workers run.
/// </summary>
public sealed partial class NotifyRig : IAsyncDisposable
{
    /// <summary>
    /// Long, because the test moves the clock faster than real work goes: a heartbeat a little
    /// late in real time must not find the lease gone.
    /// </summary>
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(10);
    private readonly TempDirectory _dir = new("sluice-notify");
    private readonly HttpClient _http;
    private readonly CancellationTokenSource _stopping = new();
    private StageWorker? _worker;

    private NotifyRig(
        ManualTimeProvider clock,
        NotifyStandIn standIn,
        NotifyOptions options,
        PlexStandIn? plex,
        JellyfinStandIn? jellyfin,
        Sluice.Node.Metadata.MetadataOptions metadata
    )
    {
        _http = new HttpClient { Timeout = options.Timeout };
        Clock = clock;
        Server = standIn;
        _plex = plex;
        _jellyfin = jellyfin;
        Options = options;
        Store = new EngineStore(
            new SqliteDialect(_dir.Combine("sluice.db"), Clock),
            EnginePolicy.Default(maxAttempts: 5) with
            {
                Backoff = new Backoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5)),
                NotifyChannels = options.Channels,
                RefreshChannels = options.RefreshChannels,
            },
            Clock
        );
        var sender = new WebhookSender(
            _http,
            new RateLimitGate(Clock),
            options.MaxInlineRetryAfter,
            Clock,
            Logs.For<WebhookSender>()
        );
        Channels = new NotifyChannels(
            Microsoft.Extensions.Options.Options.Create(options),
            sender,
            _http,
            LibraryRoot,
            Clock,
            Logs.For<PlexChannel>()
        );
        var metadataOptions = Microsoft.Extensions.Options.Options.Create(metadata);
        AniList = new Sluice.Node.Metadata.AniListClient(
            new HttpClient(),
            Clock,
            metadataOptions,
            Logs.For<Sluice.Node.Metadata.AniListClient>()
        );
        MyAnimeList = new Sluice.Node.Metadata.MyAnimeListClient(
            new HttpClient(),
            Clock,
            metadataOptions,
            Logs.For<Sluice.Node.Metadata.MyAnimeListClient>()
        );
        Audience = new Sluice.Node.Notify.Audience.AnnouncementAudience(
            Store,
            new Sluice.Node.Notify.Audience.WatchLists(
                Store,
                AniList,
                MyAnimeList,
                Microsoft.Extensions.Options.Options.Create(options),
                Clock,
                Logs.For<Sluice.Node.Notify.Audience.WatchLists>()
            ),
            Microsoft.Extensions.Options.Options.Create(options),
            Logs.For<Sluice.Node.Notify.Audience.AnnouncementAudience>()
        );
        Handler = new NotifyHandler(
            Store,
            Channels,
            new ChannelDispatcher(
                Store,
                Channels,
                Audience,
                Microsoft.Extensions.Options.Options.Create(options),
                new SecretScrubber(
                    Microsoft.Extensions.Options.Options.Create(new ApiOptions()),
                    Microsoft.Extensions.Options.Options.Create(options),
                    Microsoft.Extensions.Options.Options.Create(
                        new Sluice.Node.Metadata.MetadataOptions()
                    ),
                    Microsoft.Extensions.Options.Options.Create(new StoreOptions())
                ),
                Clock,
                Logs.For<ChannelDispatcher>()
            ),
            Clock,
            Logs.For<NotifyHandler>()
        );
    }

    /// <summary>This node's library folder (the media servers are told their own paths to it).</summary>
    public const string LibraryRoot = "/data/library";

    private readonly PlexStandIn? _plex;
    private readonly JellyfinStandIn? _jellyfin;

    public ManualTimeProvider Clock { get; }

    public PlexStandIn Plex =>
        _plex ?? throw new InvalidOperationException("Started without media servers.");

    public JellyfinStandIn Jellyfin =>
        _jellyfin ?? throw new InvalidOperationException("Started without media servers.");

    /// <summary>Every log line of the stage, to search for secrets or read when a spec times out.</summary>
    public CapturedLogs Logs { get; } = new();

    public NotifyStandIn Server { get; }

    public NotifyOptions Options { get; }

    public EngineStore Store { get; }

    public NotifyChannels Channels { get; }

    public NotifyHandler Handler { get; }

    public Sluice.Node.Notify.Audience.AnnouncementAudience Audience { get; }

    public Sluice.Node.Metadata.AniListClient AniList { get; }

    public Sluice.Node.Metadata.MyAnimeListClient MyAnimeList { get; }

    public WakeUps WakeUps { get; } = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A rig with Discord channel "announce" and webhook "hook" on one stand-in; <paramref name="configure"/> changes the rest.</summary>
    public static async Task<NotifyRig> StartAsync(
        Action<NotifyOptions, NotifyStandIn>? configure = null,
        bool mediaServers = false,
        Action<Sluice.Node.Metadata.MetadataOptions>? metadata = null
    )
    {
        var clock = new ManualTimeProvider();
        var standIn = await NotifyStandIn.StartAsync(clock);
        var plex = mediaServers
            ? await PlexStandIn.StartAsync(
                "plex-token",
                [("1", "/media/Movies"), ("2", "/media/Shows")],
                clock
            )
            : null;
        var jellyfin = mediaServers
            ? await JellyfinStandIn.StartAsync("jellyfin-key", clock)
            : null;
        var options = new NotifyOptions
        {
            Discord = [new() { Name = "announce", Url = standIn.DiscordWebhook("1").ToString() }],
            Webhooks = [new() { Name = "hook", Url = standIn.Webhook("hook").ToString() }],
            RetryBackoffBase = TimeSpan.FromSeconds(5),
            RetryBackoffMax = TimeSpan.FromMinutes(1),
        };
        // The rig's clock runs far faster than real time (up to minutes per real tick), and a
        // list fetch is real HTTP: a fetch bounded by the default minute would time out on a busy
        // machine. Specs of the bound set it back.
        options.Lists.FetchTimeout = TimeSpan.FromDays(1);
        if (plex is not null && jellyfin is not null)
        {
            // Plex sees the library at /media; Jellyfin at /srv/library.
            options.Plex =
            [
                new()
                {
                    Name = "home",
                    Url = plex.BaseAddress.ToString(),
                    Token = plex.Secret,
                    LibraryRoot = "/media",
                },
            ];
            options.Jellyfin =
            [
                new()
                {
                    Name = "living-room",
                    Url = jellyfin.BaseAddress.ToString(),
                    ApiKey = jellyfin.Secret,
                    LibraryRoot = "/srv/library",
                },
            ];
        }

        configure?.Invoke(options, standIn);
        // The stand-ins stamp requests with the rig's clock.
        // No list service is asked unless a spec points one at its stand-in.
        var metadataOptions = new Sluice.Node.Metadata.MetadataOptions
        {
            AniList = { Endpoint = new Uri("http://127.0.0.1:9/") },
            MyAnimeList = { Endpoint = new Uri("http://127.0.0.1:9/v2/") },
        };
        metadata?.Invoke(metadataOptions);
        var rig = new NotifyRig(clock, standIn, options, plex, jellyfin, metadataOptions);
        await rig.Store.MigrateAsync(Ct);
        return rig;
    }

    /// <summary>Starts two notify workers on this node.</summary>
    public async Task StartWorkersAsync()
    {
        var runner = new JobRunner(
            Store,
            new Dictionary<Step, IStepHandler> { [Step.Notify] = Handler },
            WakeUps,
            Lease,
            Clock,
            Logs.For<JobRunner>()
        );
        _worker = new StageWorker(
            "notify",
            2,
            "test",
            Store,
            runner,
            WakeUps,
            new NodeState(
                new NodeIdentity("test", Guid.NewGuid(), "box", Environment.ProcessId, Roles.All)
            ),
            Lease,
            TimeSpan.FromSeconds(1),
            Clock,
            Logs.For<StageWorker>()
        );
        await _worker.StartAsync(_stopping.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        if (_worker is not null)
        {
            await _worker.StopAsync(CancellationToken.None);
            _worker.Dispose();
        }

        await Server.DisposeAsync();
        if (_plex is not null)
        {
            await _plex.DisposeAsync();
        }

        if (_jellyfin is not null)
        {
            await _jellyfin.DisposeAsync();
        }

        _http.Dispose();
        AniList.Dispose();
        MyAnimeList.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _dir.Dispose();
        _stopping.Dispose();
    }
}
