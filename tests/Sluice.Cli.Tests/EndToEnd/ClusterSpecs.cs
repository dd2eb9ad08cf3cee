using System.Text.Json;
using Sluice.Testing;
using Sluice.Testing.Media;
using static Sluice.Cli.Tests.EndToEnd.ClusterRig;

namespace Sluice.Cli.Tests.EndToEnd;

/// <summary>Several real node processes on one PostgreSQL database.</summary>
public sealed class ClusterSpecs(ITestOutputHelper output)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact(Timeout = 300_000)]
    public async Task Three_nodes_share_one_pipeline_keep_to_their_roles_and_survive_losing_the_encoder()
    {
        await using var rig = await PipelineRig.CreateAsync(
            DialectKind.Postgres,
            Roles("ingest,sanitize,vault,tier,encode,notify"),
            Ct
        );
        var holder = await rig.AddNodeAsync(
            "holder",
            Roles("ingest,sanitize,vault,tier,notify"),
            Ct
        );
        var encoder = await rig.AddNodeAsync("encoder", Roles("encode,notify,distribute"), Ct);
        var files = await PrepareAsync(rig.Scratch, 12, TimeSpan.FromSeconds(20), Ct);
        await using var a = await rig.Node.StartAsync(Ct);
        await using var b = await holder.StartAsync(Ct);
        var c = await encoder.StartAsync(Ct);
        try
        {
            foreach (var (file, i) in files.Select((f, i) => (f, i)))
            {
                (i % 2 == 0 ? rig.Node : holder).Drop(file);
            }

            var busy = await Eventually.TrueWithinAsync(
                () => RunningOnAsync(a, "encoder", Ct).Result > 0,
                TimeSpan.FromSeconds(60),
                Ct
            );
            busy.ShouldBeTrue("the encoder node took work");
            await c.KillAsync();
            output.WriteLine("SIGKILLed the encoder node mid-run; it stays down");

            var items = await rig.WaitForItemsAsync(
                a,
                i => i.Count == 12 && i.All(x => x.GetProperty("state").GetString() == "notified"),
                TimeSpan.FromMinutes(4),
                Ct
            );
            var details = await DetailsAsync(a, items, Ct);

            foreach (var detail in details)
            {
                NodesThatStarted(detail, "encode")
                    .ShouldNotContain("holder", "the holder node has no encode role");
                NodesThatStarted(detail, "vault-encoded").ShouldNotContain("holder");
                NodeThatFinished(detail, "vault")
                    .ShouldBe(
                        NodeThatFinished(detail, "sanitize"),
                        customMessage: "the first upload runs where the bytes are"
                    );
            }

            details
                .SelectMany(d => NodesThatStarted(d, "encode"))
                .ShouldContain("encoder", "the encoder node did take encodes before it died");
            var vault = await rig.VaultListingAsync(Ct);
            vault
                .Keys.Order(StringComparer.Ordinal)
                .ToList()
                .ShouldBe(ExpectedVaultPaths(details), "each object exactly once, no leftovers");
            var announced = rig
                .Notify.Accepted.Where(r =>
                    r.Route.StartsWith("/api/webhooks", StringComparison.Ordinal)
                )
                .GroupBy(r =>
                    r.Body.GetProperty("embeds")[0]
                        .GetProperty("footer")
                        .GetProperty("text")
                        .GetString()
                );
            announced.ShouldAllBe(g => g.Count() == 1);
        }
        finally
        {
            await c.DisposeAsync();
            output.WriteLine(rig.Tail(15));
        }
    }

    [Fact(Timeout = 300_000)]
    public async Task Home_encodes_what_it_takes_in_and_the_vps_fans_it_out_to_the_replica()
    {
        await using var rig = await PipelineRig.CreateAsync(
            DialectKind.Postgres,
            Roles("ingest,sanitize,vault,tier,encode"),
            Ct,
            withBackup: true
        );
        var vps = await rig.AddNodeAsync("vps", Roles("distribute,notify"), Ct);
        var anime = await TestClips.CreateAsync(
            rig.Scratch,
            "[Group] Frieren - 12 [1080p].mkv",
            new ClipOptions { Subtitles = true, AttachFont = true },
            Ct
        );
        var movie = await TestClips.CreateAsync(
            rig.Scratch,
            "Some.Film.2021.1080p.WEB.x264-GRP.mp4",
            new ClipOptions { Container = ClipContainer.Mp4 },
            Ct
        );
        await using var home = await rig.Node.StartAsync(Ct);
        await using var far = await vps.StartAsync(Ct);

        rig.Drop(anime);
        rig.Drop(movie);
        var items = await rig.WaitForItemsAsync(
            home,
            i => i.Count == 2 && i.All(x => x.GetProperty("state").GetString() == "notified"),
            TimeSpan.FromMinutes(2),
            Ct
        );

        var details = await DetailsAsync(home, items, Ct);
        foreach (var entry in details.SelectMany(d => d.GetProperty("timeline").EnumerateArray()))
        {
            output.WriteLine($"{entry.GetProperty("node")} {entry.GetProperty("summary")}");
        }

        foreach (var detail in details)
        {
            NodeThatFinished(detail, "vault").ShouldBe("e2e", "home uploads once");
            NodeThatFinished(detail, "distribute").ShouldBe("vps", "the VPS fans out");
            NodeThatFinished(detail, "notify").ShouldBe("vps");
        }

        var encoded = details.Single(d =>
            d.TryGetProperty("output", out var o) && o.ValueKind == JsonValueKind.Object
        );
        NodeThatFinished(encoded, "encode").ShouldBe("e2e", "encoded at home, where CPU is cheap");
        var expected = ExpectedVaultPaths(details);
        var primary = await rig.VaultListingAsync(Ct);
        var replica = await PipelineRig.ListingAsync(rig.Backup!, Ct);
        primary.Keys.Order(StringComparer.Ordinal).ToList().ShouldBe(expected);
        replica.Keys.Order(StringComparer.Ordinal).ToList().ShouldBe(expected);
        foreach (var path in expected)
        {
            replica[path].ShouldBe(primary[path], path);
        }
    }
}
