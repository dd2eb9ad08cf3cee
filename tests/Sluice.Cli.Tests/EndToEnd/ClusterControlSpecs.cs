using System.Text.Json;
using System.Text.Json.Nodes;
using Sluice.Testing;
using Sluice.Testing.Media;
using static Sluice.Cli.Tests.EndToEnd.ClusterRig;

namespace Sluice.Cli.Tests.EndToEnd;

/// <summary>`ctl cluster show`, drain, down, pause, resume and limits, against real nodes on PostgreSQL.</summary>
public sealed class ClusterControlSpecs
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<JsonElement> CtlJsonAsync(PipelineRig rig, params string[] args)
    {
        var (code, stdout, stderr) = await SluiceProcess.RunAsync(
            ["ctl", "--node", rig.Api.ToString(), .. args, "--json"],
            ct: Ct
        );
        code.ShouldBe(0, stderr);
        return JsonDocument.Parse(stdout).RootElement;
    }

    [Fact(Timeout = 300_000)]
    public async Task Cluster_show_lists_every_node_with_roles_health_and_running_jobs()
    {
        await using var rig = await PipelineRig.CreateAsync(DialectKind.Postgres, null, Ct);
        var vps = await rig.AddNodeAsync("vps", Roles("distribute,notify"), Ct);
        await using var home = await rig.Node.StartAsync(Ct);
        var far = await vps.StartAsync(Ct);

        var cluster = await CtlJsonAsync(rig, "cluster", "show");
        var nodes = cluster
            .GetProperty("nodes")
            .EnumerateArray()
            .ToDictionary(n => n.GetProperty("name").GetString()!);
        nodes.Keys.Order().ShouldBe(["e2e", "vps"]);
        nodes["vps"]
            .GetProperty("roles")
            .EnumerateArray()
            .Select(r => r.GetString())
            .ShouldBe(["distribute", "notify"]);
        nodes["vps"].GetProperty("alive").GetBoolean().ShouldBeTrue();
        nodes["e2e"].GetProperty("runningJobs").GetInt32().ShouldBe(0);
        nodes["e2e"].TryGetProperty("heartbeatAt", out _).ShouldBeTrue();
        cluster
            .GetProperty("stages")
            .EnumerateArray()
            .Select(s => s.GetProperty("queue").GetString())
            .ShouldContain("encode");

        await far.KillAsync();
        await far.DisposeAsync();
        (
            await Eventually.TrueWithinAsync(
                () =>
                    !CtlJsonAsync(rig, "cluster", "show")
                        .Result.GetProperty("nodes")
                        .EnumerateArray()
                        .Single(n => n.GetProperty("name").GetString() == "vps")
                        .GetProperty("alive")
                        .GetBoolean(),
                TimeSpan.FromSeconds(20),
                Ct
            )
        ).ShouldBeTrue(
            "a killed node shows as not alive once its heartbeat is older than the lease"
        );
    }

    [Fact(Timeout = 300_000)]
    public async Task A_paused_stage_holds_its_work_until_resumed()
    {
        await using var rig = await PipelineRig.CreateAsync(DialectKind.Postgres, null, Ct);
        var clip = await TestClips.CreateAsync(
            rig.Scratch,
            "Paused.Show.S01E01.mkv",
            new ClipOptions(),
            Ct
        );
        await using var node = await rig.StartNodeAsync(Ct);

        (await CtlJsonAsync(rig, "stage", "pause", "encode"))
            .GetProperty("message")
            .GetString()!
            .ShouldContain("paused");
        rig.Drop(clip);
        var waiting = await rig.WaitForItemsAsync(
            node,
            i => i.Count == 1 && i[0].GetProperty("state").GetString() == "tiered",
            TimeSpan.FromSeconds(60),
            Ct
        );
        await Task.Delay(TimeSpan.FromSeconds(2), TimeProvider.System, Ct);
        (await node.GetAsync("/api/items", Ct))[0]
            .GetProperty("state")
            .GetString()
            .ShouldBe("tiered", "nothing of a paused stage runs");
        (await CtlJsonAsync(rig, "cluster", "show"))
            .GetProperty("stages")
            .EnumerateArray()
            .Single(s => s.GetProperty("queue").GetString() == "encode")
            .GetProperty("paused")
            .GetBoolean()
            .ShouldBeTrue();

        await CtlJsonAsync(rig, "stage", "resume", "encode");
        await rig.WaitForItemsAsync(
            node,
            i => i[0].GetProperty("state").GetString() == "notified",
            TimeSpan.FromSeconds(60),
            Ct
        );
        (
            await SluiceProcess.RunAsync(
                ["ctl", "--node", rig.Api.ToString(), "stage", "pause", "nosuchstage"],
                ct: Ct
            )
        ).Code.ShouldBe(ExitCodes.NotFound);
        waiting.ShouldHaveSingleItem();
    }

    [Fact(Timeout = 300_000)]
    public async Task A_drained_node_finishes_nothing_new_and_the_item_says_why_it_waits()
    {
        await using var rig = await PipelineRig.CreateAsync(
            DialectKind.Postgres,
            Roles("ingest,sanitize,vault,tier,encode"),
            Ct
        );
        var announcer = await rig.AddNodeAsync("announcer", Roles("notify"), Ct);
        var clip = await TestClips.CreateAsync(
            rig.Scratch,
            "Drained.Show.S01E01.mkv",
            new ClipOptions(),
            Ct
        );
        await using var home = await rig.Node.StartAsync(Ct);
        await using var far = await announcer.StartAsync(Ct);

        await CtlJsonAsync(rig, "node", "drain", "announcer");
        rig.Drop(clip);
        var items = await rig.WaitForItemsAsync(
            home,
            i => i.Count == 1 && i[0].GetProperty("state").GetString() == "encoded",
            TimeSpan.FromSeconds(60),
            Ct
        );
        var id = items[0].GetProperty("id").GetString()!;
        (
            await Eventually.TrueWithinAsync(
                () =>
                    home.GetAsync($"/api/items/{id}", Ct)
                        .Result.GetProperty("job")
                        .GetProperty("waiting")
                        .GetString()
                        is { } why
                    && why.Contains("notify", StringComparison.Ordinal),
                TimeSpan.FromSeconds(20),
                Ct
            )
        ).ShouldBeTrue("the drained node's heartbeat brings the drain; the item explains the wait");
        (await home.GetAsync("/api/items", Ct))[0]
            .GetProperty("state")
            .GetString()
            .ShouldBe("encoded");

        await CtlJsonAsync(rig, "node", "undrain", "announcer");
        await rig.WaitForItemsAsync(
            home,
            i => i[0].GetProperty("state").GetString() == "notified",
            TimeSpan.FromSeconds(60),
            Ct
        );
    }

    [Fact(Timeout = 300_000)]
    public async Task Downing_a_dead_node_hands_its_step_on_at_once_without_waiting_for_the_lease()
    {
        static void LongLease(JsonObject c)
        {
            c["Engine"]!["LeaseDuration"] = "00:01:00";
            c["Engine"]!["NodeDeadAfter"] = "00:01:00";
        }

        await using var rig = await PipelineRig.CreateAsync(
            DialectKind.Postgres,
            Roles("ingest,sanitize,vault,tier,encode,notify", LongLease),
            Ct
        );
        var other = await rig.AddNodeAsync("other", Roles("encode,notify", LongLease), Ct);
        var clip = await TestClips.CreateAsync(
            rig.Scratch,
            "Downed.Show.S01E01.mkv",
            new ClipOptions
            {
                Duration = TimeSpan.FromSeconds(90),
                Width = 640,
                Height = 360,
                Subtitles = true,
                AttachFont = true,
            },
            Ct
        );
        var home = await rig.Node.StartAsync(Ct);
        await using var b = await other.StartAsync(Ct);
        rig.Drop(clip);
        var items = await rig.WaitForItemsAsync(
            b,
            i =>
                i.Count == 1
                && i[0].GetProperty("step").GetString() == "encode"
                && i[0].GetProperty("jobState").GetString() == "running",
            TimeSpan.FromSeconds(90),
            Ct
        );
        var id = items[0].GetProperty("id").GetString()!;

        await home.KillAsync();
        await home.DisposeAsync();
        var downed = TimeProvider.System.GetTimestamp();
        var (code, stdout, stderr) = await SluiceProcess.RunAsync(
            ["ctl", "--node", other.Api.ToString(), "node", "down", "e2e"],
            ct: Ct
        );
        code.ShouldBe(0, stderr);
        stdout.ShouldContain("1 running jobs handed back");

        (
            await Eventually.TrueWithinAsync(
                () =>
                    b.GetAsync($"/api/items/{id}", Ct).Result.GetProperty("job")
                        is { ValueKind: JsonValueKind.Object } job
                    && job.GetProperty("node").GetString() == "other",
                TimeSpan.FromSeconds(20),
                Ct
            )
        ).ShouldBeTrue();
        TimeProvider
            .System.GetElapsedTime(downed)
            .ShouldBeLessThan(TimeSpan.FromSeconds(30), "well inside the 60 s lease");
    }

    [Fact(Timeout = 300_000)]
    public async Task A_cluster_limit_holds_across_nodes_so_never_more_encodes_run_than_the_cap()
    {
        static void OneEncode(JsonObject c) =>
            c["Stages"]!["Encode"] = new JsonObject
            {
                ["Concurrency"] = 2,
                ["MaxAttempts"] = 20,
                ["ClusterLimit"] = 1,
            };
        await using var rig = await PipelineRig.CreateAsync(
            DialectKind.Postgres,
            Roles("ingest,sanitize,vault,tier,notify", OneEncode),
            Ct
        );
        var second = await rig.AddNodeAsync("second", Roles("encode,notify", OneEncode), Ct);
        var third = await rig.AddNodeAsync("third", Roles("encode,notify", OneEncode), Ct);
        var connection = JsonNode.Parse(await File.ReadAllTextAsync(rig.ConfigFile, Ct))!["Store"]![
            "Postgres"
        ]!.GetValue<string>();
        var files = await PrepareAsync(rig.Scratch, 8, TimeSpan.FromSeconds(10), Ct);
        await using var a = await rig.Node.StartAsync(Ct);
        await using var b = await second.StartAsync(Ct);
        await using var c = await third.StartAsync(Ct);

        // Sample the database while the nodes work: the cap is about what runs, at any moment.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var sampler = Task.Run(
            async () =>
            {
                var (max, samples) = (0L, 0);
                await using var db = new Npgsql.NpgsqlConnection(connection);
                await db.OpenAsync(CancellationToken.None);
                await using var count = new Npgsql.NpgsqlCommand(
                    "SELECT COUNT(*) FROM job WHERE queue = 'encode' AND state = 'running'",
                    db
                );
                while (!stop.IsCancellationRequested)
                {
                    max = Math.Max(
                        max,
                        (long)(await count.ExecuteScalarAsync(CancellationToken.None))!
                    );
                    samples++;
                    await Task.Delay(
                        TimeSpan.FromMilliseconds(10),
                        TimeProvider.System,
                        CancellationToken.None
                    );
                }

                return (max, samples);
            },
            CancellationToken.None
        );
        foreach (var file in files)
        {
            rig.Drop(file);
        }

        var items = await rig.WaitForItemsAsync(
            a,
            i => i.Count == 8 && i.All(x => x.GetProperty("state").GetString() == "notified"),
            TimeSpan.FromMinutes(3),
            Ct
        );
        await stop.CancelAsync();
        var (most, taken) = await sampler;

        taken.ShouldBeGreaterThan(100);
        most.ShouldBe(
            1,
            "two encode nodes with two slots each, and never more than one encode running across the cluster"
        );
        var encoders = (await DetailsAsync(a, items, Ct))
            .Select(d => NodeThatFinished(d, "encode"))
            .Distinct()
            .ToList();
        encoders.Count.ShouldBe(2, "both encode nodes took encodes");
    }
}
