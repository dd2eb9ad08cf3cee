using System.Text.Json;
using System.Text.Json.Nodes;
using Sluice.Testing;
using Sluice.Testing.Http;
using Sluice.Testing.Media;
using static Sluice.Cli.Tests.EndToEnd.ClusterRig;

namespace Sluice.Cli.Tests.EndToEnd;

/// <summary>
/// Announcements from a real node against local stand-ins for Discord (rate limiting, holding,
/// failing on demand), a generic webhook, Plex, Jellyfin and AniList.
/// </summary>
public sealed class NotifySpecs
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static bool AllNotified(IReadOnlyList<JsonElement> items, int count) =>
        items.Count == count && items.All(x => x.GetProperty("state").GetString() == "notified");

    /// <summary>How far apart two transitions committing together can show their journal times.</summary>
    private static readonly TimeSpan Concurrent = TimeSpan.FromMilliseconds(100);

    private static int _variant;

    /// <summary>A small mp4 that plays everywhere (encode skips it), with bytes of its own.</summary>
    private static async Task<string> ClipAsync(PipelineRig rig, string name)
    {
        var bases = Directory.CreateDirectory(Path.Combine(rig.Scratch, "bases")).FullName;
        var source = Path.Combine(bases, "base.mp4");
        if (!File.Exists(source))
        {
            await TestClips.CreateAsync(
                bases,
                "base.mp4",
                new ClipOptions { Container = ClipContainer.Mp4 },
                Ct
            );
        }

        var target = Path.Combine(rig.Scratch, name);
        await VariantAsync(source, target, Interlocked.Increment(ref _variant), Ct);
        return target;
    }

    private static IEnumerable<Received> Discord(PipelineRig rig) =>
        rig.Notify.Accepted.Where(r =>
            r.Route.StartsWith("/api/webhooks/", StringComparison.Ordinal)
        );

    private static string[] FooterIds(Received message) =>
        message
            .Body.GetProperty("embeds")[0]
            .GetProperty("footer")
            .GetProperty("text")
            .GetString()!
            .Split(' ')
            .Where(w => Guid.TryParse(w, out _))
            .ToArray();

    private static string Id(JsonElement detail) =>
        detail.GetProperty("summary").GetProperty("id").GetString()!;

    private static string Folder(JsonElement detail)
    {
        var path = detail.GetProperty("summary").GetProperty("libraryPath").GetString()!;
        return path[..path.LastIndexOf('/')];
    }

    /// <summary>When the item reached the notify step: the event just before its first notify attempt.</summary>
    private static DateTimeOffset ReachedNotify(JsonElement detail)
    {
        var timeline = detail.GetProperty("timeline").EnumerateArray().ToList();
        var first = timeline.FindIndex(e =>
            e.GetProperty("type").GetString() == "step-started"
            && e.GetProperty("data").GetProperty("step").GetString() == "notify"
        );
        return timeline[first - 1].GetProperty("at").GetDateTimeOffset();
    }

    private static IReadOnlyList<(string Channel, bool Unconfirmed)> Announced(
        JsonElement detail
    ) =>
        [
            .. detail
                .GetProperty("timeline")
                .EnumerateArray()
                .Where(e => e.GetProperty("type").GetString() == "notification-sent")
                .Select(e =>
                    (
                        e.GetProperty("data").GetProperty("channel").GetString()!,
                        e.GetProperty("data").TryGetProperty("unconfirmed", out var u)
                            && u.GetBoolean()
                    )
                ),
        ];

    [Theory(Timeout = 300_000)]
    [MemberData(nameof(Dialects.Both), MemberType = typeof(Dialects))]
    public async Task A_season_pack_and_other_files_are_announced_once_in_order_after_their_library_refresh_through_a_discord_that_answers_429(
        DialectKind dialect
    )
    {
        await using var plex = await PlexStandIn.StartAsync(
            "plex-token",
            [("1", "/media/Shows"), ("2", "/media/Movies")]
        );
        await using var jellyfin = await JellyfinStandIn.StartAsync("jellyfin-key");
        await using var anilist = await AniListStandIn.StartAsync();
        anilist.Add(
            new AniListEntry(154587, "Sousou no Frieren")
            {
                English = "Frieren: Beyond Journey's End",
                SeasonYear = 2023,
                Episodes = 28,
                Studio = "MADHOUSE",
                AverageScore = 90,
                Popularity = 400_000,
            }
        );
        await using var rig = await PipelineRig.CreateAsync(
            dialect,
            config =>
            {
                var notify = config["Notify"]!.AsObject();
                notify["CoalesceWindow"] = "00:00:10";
                notify["Plex"] = new JsonArray
                {
                    new JsonObject
                    {
                        ["Name"] = "home",
                        ["Url"] = plex.BaseAddress.ToString(),
                        ["Token"] = "plex-token",
                        ["LibraryRoot"] = "/media",
                    },
                };
                notify["Jellyfin"] = new JsonArray
                {
                    new JsonObject
                    {
                        ["Name"] = "tv",
                        ["Url"] = jellyfin.BaseAddress.ToString(),
                        ["ApiKey"] = "jellyfin-key",
                    },
                };
                config["Metadata"] = new JsonObject
                {
                    ["AniList"] = new JsonObject
                    {
                        ["Enabled"] = true,
                        ["Endpoint"] = anilist.Endpoint.ToString(),
                    },
                };
            },
            Ct
        );
        var pack = new List<string>();
        foreach (var episode in new[] { "01", "02", "03" })
        {
            pack.Add(await ClipAsync(rig, $"[Grp] Sousou no Frieren - {episode} [1080p].mp4"));
        }

        var movie = await ClipAsync(rig, "Big.Movie.2019.1080p.WEB.x264-GRP.mp4");
        var show = await ClipAsync(rig, "Some.Show.S02E03.720p.HDTV.x264-GRP.mp4");
        rig.Notify.RetryAfterSeconds = 0.5;
        rig.Notify.RateLimitNext(3, only: "123");
        await using var node = await rig.StartNodeAsync(Ct);

        foreach (var file in pack)
        {
            rig.Drop(file, $"[Grp] Sousou no Frieren [1080p]/{Path.GetFileName(file)}");
        }

        rig.Drop(movie);
        rig.Drop(show);
        var items = await rig.WaitForItemsAsync(
            node,
            i => AllNotified(i, 5),
            TimeSpan.FromMinutes(2),
            Ct
        );

        var details = (await DetailsAsync(node, items, Ct)).ToDictionary(Id);
        var packIds = details
            .Values.Where(d =>
                pack.Any(p =>
                    Path.GetFileName(p) == d.GetProperty("summary").GetProperty("name").GetString()
                )
            )
            .Select(Id)
            .ToHashSet();
        packIds.Count.ShouldBe(3);

        // Every item once on Discord, the pack as one message, despite three 429s.
        rig.Notify.RateLimited.ShouldBe(3);
        var messages = Discord(rig).ToList();
        messages.Count.ShouldBe(3, rig.Tail());
        messages.SelectMany(FooterIds).Order().ShouldBe(details.Keys.Order());
        messages.Count(m => FooterIds(m).ToHashSet().SetEquals(packIds)).ShouldBe(1);

        // In the order the items reached notify (a message by its first item). The journal's
        // times are each transaction's start on PostgreSQL, so two transitions committing
        // together may show their times a few milliseconds the other way round.
        var firsts = messages
            .Select(m => FooterIds(m).Min(id => ReachedNotify(details[id])))
            .ToList();
        var order = string.Join(
            "\n",
            messages.Select(m =>
                $"{m.Sequence}: {string.Join(", ", FooterIds(m).Select(id => $"{ReachedNotify(details[id]):HH:mm:ss.fff} {details[id].GetProperty("summary").GetProperty("name")}"))}"
            )
        );
        firsts.Zip(firsts.Skip(1)).ShouldAllBe(p => p.Second >= p.First - Concurrent, order);
        var hooks = rig
            .Notify.Accepted.Where(r => r.Route.StartsWith("/hooks", StringComparison.Ordinal))
            .ToList();
        hooks
            .Select(h => h.Headers["Idempotency-Key"].Split(':')[0])
            .Order()
            .ShouldBe(details.Keys.Order());
        var hooked = hooks
            .Select(h => ReachedNotify(details[h.Headers["Idempotency-Key"].Split(':')[0]]))
            .ToList();
        hooked.Zip(hooked.Skip(1)).ShouldAllBe(p => p.Second >= p.First - Concurrent);

        // Each item's exact folder refreshed, by both servers, before its messages.
        foreach (var (id, detail) in details)
        {
            var folder = Folder(detail);
            var plexPath = $"/media/{folder}";
            var jellyfinPath = $"{rig.Library}/{folder}";
            var refreshes = plex
                .Refreshes.Where(r => r.Path == plexPath)
                .Concat(jellyfin.Refreshes.Where(r => r.Path == jellyfinPath))
                .ToList();
            refreshes
                .Select(r => r.Section)
                .Distinct()
                .Count()
                .ShouldBe(
                    2,
                    $"{id} {folder}: {string.Join(", ", plex.Refreshes)}; {string.Join(", ", jellyfin.Refreshes)}"
                );
            var message = messages.Single(m => FooterIds(m).Contains(id));
            message.Sequence.ShouldBeGreaterThan(refreshes.Min(r => r.Sequence), folder);
            hooks
                .Single(h => h.Headers["Idempotency-Key"].StartsWith(id, StringComparison.Ordinal))
                .Sequence.ShouldBeGreaterThan(refreshes.Min(r => r.Sequence), folder);
            Announced(detail)
                .ShouldBe(
                    [
                        ("plex:home", false),
                        ("jellyfin:tv", false),
                        ("discord:announce", false),
                        ("webhook:hook", false),
                    ],
                    ignoreOrder: true
                );
        }

        plex.Refreshes.Select(r => r.Path)
            .ShouldAllBe(p => p.StartsWith("/media/", StringComparison.Ordinal));
        plex.Unauthorized.ShouldBe(0);
        jellyfin.Unauthorized.ShouldBe(0);

        // The pack's embed carries what AniList knows.
        var embed = messages.Single(m => FooterIds(m).Length == 3).Body.GetProperty("embeds")[0];
        embed.GetProperty("thumbnail").GetProperty("url").GetString().ShouldEndWith("bx154587.jpg");
        embed.GetProperty("url").GetString().ShouldBe("https://anilist.co/anime/154587");
        var fields = embed
            .GetProperty("fields")
            .EnumerateArray()
            .ToDictionary(
                f => f.GetProperty("name").GetString()!,
                f => f.GetProperty("value").GetString()!
            );
        fields["Studio"].ShouldBe("MADHOUSE");
        fields["Score"].ShouldStartWith("90%");
        fields["Episodes"].ShouldBe("3");
        File.ReadAllText(rig.LogFile).ShouldNotContain("plex-token");
        File.ReadAllText(rig.LogFile).ShouldNotContain("jellyfin-key");
        File.ReadAllText(rig.LogFile).ShouldNotContain("secret-token");
    }

    [Fact(Timeout = 300_000)]
    public async Task A_node_killed_while_discord_holds_its_message_does_not_announce_it_twice()
    {
        await using var rig = await PipelineRig.CreateAsync(DialectKind.Sqlite, null, Ct);
        var clip = await TestClips.CreateAsync(
            rig.Scratch,
            "Some.Show.S01E01.720p.HDTV.x264-GRP.mp4",
            new ClipOptions { Container = ClipContainer.Mp4 },
            Ct
        );
        var held = rig.Notify.HoldNext();
        var node = await rig.StartNodeAsync(Ct);
        try
        {
            rig.Drop(clip);
            await held.Reached.WaitAsync(TimeSpan.FromMinutes(1), Ct);

            // Discord has the message; the node dies before it hears back.
            await node.KillAsync();
            await node.DisposeAsync();
            held.Release();
            node = await rig.StartNodeAsync(Ct);
            var items = await rig.WaitForItemsAsync(
                node,
                i => AllNotified(i, 1),
                TimeSpan.FromMinutes(1),
                Ct
            );

            Discord(rig).ShouldHaveSingleItem();
            rig.Notify.Accepted.Count(r => r.Route.StartsWith("/hooks", StringComparison.Ordinal))
                .ShouldBe(1);
            var detail = (await DetailsAsync(node, items, Ct)).Single();
            Announced(detail)
                .ShouldBe([("discord:announce", true), ("webhook:hook", false)], ignoreOrder: true);
        }
        finally
        {
            await node.DisposeAsync();
        }
    }

    [Fact(Timeout = 300_000)]
    public async Task A_deleted_webhook_is_quarantined_visibly_and_ctl_notify_release_sends_what_waited_in_order()
    {
        await using var rig = await PipelineRig.CreateAsync(DialectKind.Sqlite, null, Ct);
        var first = await ClipAsync(rig, "First.Show.S01E01.mp4");
        var second = await ClipAsync(rig, "Second.Show.S01E01.mp4");
        rig.Notify.AnswerWith("123", 404);
        await using var node = await rig.StartNodeAsync(Ct);

        rig.Drop(first);
        await rig.WaitForItemsAsync(
            node,
            i => i.Count == 1 && i[0].GetProperty("libraryPath").ValueKind == JsonValueKind.String,
            TimeSpan.FromMinutes(1),
            Ct
        );
        rig.Drop(second);
        (
            await Eventually.TrueWithinAsync(
                () =>
                    node.GetAsync("/api/health", Ct)
                        .Result.GetProperty("quarantinedChannels")
                        .GetArrayLength() == 1
                    && rig.Notify.Accepted.Count(r =>
                        r.Route.StartsWith("/hooks", StringComparison.Ordinal)
                    ) == 2,
                TimeSpan.FromMinutes(1),
                Ct
            )
        ).ShouldBeTrue(rig.Tail());

        var health = await node.GetAsync("/api/health", Ct);
        var quarantined = health.GetProperty("quarantinedChannels")[0];
        quarantined.GetProperty("channel").GetString().ShouldBe("discord:announce");
        quarantined.GetProperty("reason").GetString()!.ShouldContain("404");
        var (code, stdout, stderr) = await SluiceProcess.RunAsync(
            ["ctl", "--node", rig.Api.ToString(), "cluster", "show", "--json"],
            ct: Ct
        );
        code.ShouldBe(0, stderr);
        var channel = JsonDocument
            .Parse(stdout)
            .RootElement.GetProperty("channels")
            .EnumerateArray()
            .Single(c => c.GetProperty("name").GetString() == "discord:announce");
        channel.GetProperty("state").GetString().ShouldBe("quarantined");
        channel.GetProperty("waiting").GetInt32().ShouldBe(2);
        (code, stdout, stderr) = await SluiceProcess.RunAsync(
            ["ctl", "--node", rig.Api.ToString(), "notify", "show"],
            ct: Ct
        );
        code.ShouldBe(0, stderr);
        stdout.ShouldContain("discord:announce");
        stdout.ShouldContain("quarantined");
        (stdout + JsonSerializer.Serialize(health)).ShouldNotContain("secret-token");
        (code, stdout, stderr) = await SluiceProcess.RunAsync(
            ["ctl", "--node", rig.Api.ToString(), "health"],
            ct: Ct
        );
        code.ShouldBe(6, "a quarantined channel is a problem a monitoring script should see");
        stdout.ShouldContain("notify channel discord:announce quarantined");
        (await node.GetAsync("/api/items", Ct))
            .EnumerateArray()
            .ShouldAllBe(i => i.GetProperty("state").GetString() == "encoded");
        (
            await SluiceProcess.RunAsync(
                ["ctl", "--node", rig.Api.ToString(), "notify", "release", "discord:nope"],
                ct: Ct
            )
        ).Code.ShouldBe(3);
        Discord(rig).ShouldBeEmpty();

        rig.Notify.AnswerWith("123", null);
        (code, stdout, stderr) = await SluiceProcess.RunAsync(
            ["ctl", "--node", rig.Api.ToString(), "notify", "release", "discord:announce"],
            ct: Ct
        );
        code.ShouldBe(0, stderr);
        stdout.ShouldContain("released");
        var items = await rig.WaitForItemsAsync(
            node,
            i => AllNotified(i, 2),
            TimeSpan.FromMinutes(1),
            Ct
        );

        var byName = items.ToDictionary(
            i => i.GetProperty("name").GetString()!,
            i => i.GetProperty("id").GetString()!
        );
        Discord(rig)
            .Select(m => FooterIds(m).Single())
            .ShouldBe([byName["First.Show.S01E01.mp4"], byName["Second.Show.S01E01.mp4"]]);
        (await node.GetAsync("/api/health", Ct))
            .GetProperty("quarantinedChannels")
            .GetArrayLength()
            .ShouldBe(0);
        (
            await SluiceProcess.RunAsync(["ctl", "--node", rig.Api.ToString(), "health"], ct: Ct)
        ).Code.ShouldBe(0);
    }
}
