using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using Sluice.Domain.Engine;
using Sluice.Domain.Items;
using Sluice.Node.Secrets;
using Sluice.Store;

namespace Sluice.Node.Tests.Api;

public sealed class AuthAndSecretsSpecs
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private const string Token = "api-token-0123456789";

    /// <summary>Every endpoint a client can call: all of them sit behind the token.</summary>
    private static readonly (HttpMethod Method, string Path)[] Endpoints =
    [
        (HttpMethod.Get, "/api/items"),
        (HttpMethod.Get, "/api/items/ffffffff"),
        (HttpMethod.Post, "/api/items/ffffffff/retry"),
        (HttpMethod.Post, "/api/items/ffffffff/cancel"),
        (HttpMethod.Post, "/api/items/ffffffff/skip?to=notify"),
        (HttpMethod.Post, "/api/items/ffffffff/pin"),
        (HttpMethod.Post, "/api/items/ffffffff/unpin"),
        (HttpMethod.Post, "/api/items/ffffffff/touch"),
        (HttpMethod.Get, "/api/cluster"),
        (HttpMethod.Get, "/api/health"),
        (HttpMethod.Post, "/api/nodes/api/drain"),
        (HttpMethod.Post, "/api/nodes/api/undrain"),
        (HttpMethod.Post, "/api/nodes/nosuch/down"),
        (HttpMethod.Post, "/api/stages/encode/pause"),
        (HttpMethod.Post, "/api/stages/encode/resume"),
        (HttpMethod.Post, "/api/stages/encode/limit?max=2"),
        (HttpMethod.Post, "/api/destinations/nosuch/resume"),
        (HttpMethod.Get, "/api/notify/channels"),
        (HttpMethod.Post, "/api/notify/channels/discord:nosuch/release"),
        (HttpMethod.Get, "/metrics"),
    ];

    [Fact]
    public async Task With_a_token_every_endpoint_refuses_a_missing_or_wrong_token_with_401()
    {
        await using var api = await ApiHost.StartAsync(token: Token);
        using var anonymous = new HttpClient { BaseAddress = api.Address };

        foreach (var (method, path) in Endpoints)
        {
            foreach (
                var header in new string?[]
                {
                    null,
                    "Bearer wrong-token",
                    $"Bearer {Token[..^1]}",
                    $"Bearer {Token}x",
                    $"Basic {Token}",
                    Token,
                }
            )
            {
                using var request = new HttpRequestMessage(method, path);
                if (header is not null)
                {
                    request.Headers.TryAddWithoutValidation("Authorization", header);
                }

                using var refused = await anonymous.SendAsync(request, Ct);
                refused.StatusCode.ShouldBe(
                    HttpStatusCode.Unauthorized,
                    $"{method} {path} with {header ?? "no header"}"
                );
                (await refused.Content.ReadAsStringAsync(Ct)).ShouldNotContain(Token);
            }

            using var allowed = await api.Http.SendAsync(new HttpRequestMessage(method, path), Ct);
            allowed.StatusCode.ShouldNotBe(HttpStatusCode.Unauthorized, $"{method} {path}");
        }
    }

    [Fact]
    public async Task The_node_takes_SLUICE_TOKEN_when_no_Api_Token_is_configured_and_Api_Token_wins_over_it()
    {
        await using (var shared = await ApiHost.StartAsync(sharedToken: "shared-token-abcdef"))
        {
            using var anonymous = new HttpClient { BaseAddress = shared.Address };
            (await anonymous.GetAsync("/api/items", Ct)).StatusCode.ShouldBe(
                HttpStatusCode.Unauthorized
            );
            (await shared.Http.GetAsync("/api/items", Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        await using var both = await ApiHost.StartAsync(
            token: Token,
            sharedToken: "shared-token-abcdef"
        );
        using var withShared = new HttpClient { BaseAddress = both.Address };
        withShared.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
            "Bearer",
            "shared-token-abcdef"
        );
        (await withShared.GetAsync("/api/items", Ct)).StatusCode.ShouldBe(
            HttpStatusCode.Unauthorized
        );
        (await both.Http.GetAsync("/api/items", Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    private const string HookPath = "/hooks/7f3a9c-secret-path";
    private const string HookQuery = "?key=query-secret-55";
    private const string HookSecret = "hmac-signing-secret-77";
    private const string DiscordToken = "discord-webhook-token-99";
    private const string TmdbToken = "tmdb-read-access-token-11";
    private const string PlexToken = "plex-token-x9y8z7w6";
    private const string JellyfinKey = "jellyfin-api-key-5566";

    private static readonly string[] AllSecrets =
    [
        Token,
        HookPath,
        "query-secret-55",
        HookSecret,
        DiscordToken,
        TmdbToken,
        PlexToken,
        JellyfinKey,
    ];

    private static Dictionary<string, string?> SecretSettings() =>
        new()
        {
            ["Notify:Webhooks:0:Name"] = "hook",
            ["Notify:Webhooks:0:Url"] = $"http://127.0.0.1:9{HookPath}{HookQuery}",
            ["Notify:Webhooks:0:Secret"] = HookSecret,
            ["Notify:Discord:0:Name"] = "announce",
            ["Notify:Discord:0:Url"] = $"https://discord.com/api/webhooks/123/{DiscordToken}",
            ["Metadata:Tmdb:AccessToken"] = TmdbToken,
            ["Notify:Plex:0:Name"] = "home",
            ["Notify:Plex:0:Url"] = "http://127.0.0.1:9/",
            ["Notify:Plex:0:Token"] = PlexToken,
            ["Notify:Jellyfin:0:Name"] = "tv",
            ["Notify:Jellyfin:0:Url"] = "http://127.0.0.1:9/",
            ["Notify:Jellyfin:0:ApiKey"] = JellyfinKey,
        };

    [Fact]
    public async Task Secrets_echoed_into_errors_and_progress_never_leave_through_the_api()
    {
        await using var api = await ApiHost.StartAsync(SecretSettings(), token: Token);
        var failed = await api.TieredAsync("Leaky.S01E01.mkv");
        await api.FailAsync(
            failed,
            $"hook: HTTP 404 Not Found: Cannot POST {HookPath}{HookQuery} (signed with {HookSecret}, discord {DiscordToken}, tmdb {TmdbToken}, token {Token})"
        );
        var running = await api.TieredAsync("Running.S01E02.mkv");
        var job = await api.ClaimAsync(running);
        await api.Store.HeartbeatAsync(
            job.Lease,
            TimeSpan.FromMinutes(5),
            $$"""{"note":"{{DiscordToken}}"}""",
            Ct
        );

        // A media server that quoted its token back, quarantining the channel.
        var notifying = await api.TieredAsync("Echo.S01E03.mkv");
        await api.RunAsync(notifying, new SkipEncode("plays everywhere"));
        var notify = await api.ClaimAsync(notifying);
        await api.Store.TakeChannelAsync(notify.Lease, "plex:home", true, Ct);
        await api.Store.BeginBatchAsync(notify.Lease, "plex:home", "b", [notifying], Ct);
        await api.Store.SettleBatchAsync(
            notify.Lease,
            "plex:home",
            "b",
            new BatchOutcome.Failed(
                $"plex:home: HTTP 401: bad X-Plex-Token {PlexToken} (jellyfin {JellyfinKey})",
                true,
                new ChannelPolicy(new Backoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1)), 3)
            ),
            Ct
        );

        var bodies = new List<string>();
        foreach (
            var path in new[]
            {
                "/api/items",
                $"/api/items/{failed}",
                $"/api/items/{running}",
                "/api/cluster",
                "/api/health",
                "/api/notify/channels",
                "/metrics",
            }
        )
        {
            bodies.Add(await api.Http.GetStringAsync(path, Ct));
        }

        foreach (var body in bodies)
        {
            foreach (var secret in AllSecrets)
            {
                body.ShouldNotContain(secret);
            }
        }

        bodies[1].ShouldContain("Cannot POST ***");
        bodies[5].ShouldContain("bad X-Plex-Token ***");
        bodies[4].ShouldContain("bad X-Plex-Token ***");
    }

    [Fact]
    public void The_node_log_format_masks_every_configured_secret()
    {
        var secrets = SecretScrubber.Of(AllSecrets);
        var formatter = new ScrubbingConsoleFormatter(secrets, TimeProvider.System);
        var output = new StringWriter();

        formatter.Write(
            new LogEntry<string>(
                LogLevel.Warning,
                "Sluice.Node.Engine.JobRunner",
                new EventId(0),
                $"notify failed: Cannot POST {HookPath}{HookQuery}",
                new HttpRequestException($"bearer {Token} refused by discord {DiscordToken}"),
                (state, ex) => state
            ),
            null,
            output
        );

        var line = output.ToString();
        line.ShouldContain("warn: Sluice.Node.Engine.JobRunner[0] notify failed: Cannot POST ***");
        foreach (var secret in AllSecrets)
        {
            line.ShouldNotContain(secret);
        }

        line.TrimEnd().ShouldNotContain('\n', "one line per entry");
    }
}
