using System.Text.Json;
using System.Text.Json.Nodes;
using Npgsql;
using Sluice.Testing;
using Sluice.Testing.Media;
using static Sluice.Cli.Tests.EndToEnd.ClusterRig;

namespace Sluice.Cli.Tests.EndToEnd;

/// <summary>The crash tests of ENGINE.md with real node processes on a real PostgreSQL (and, for #7, one SQLite file).</summary>
public sealed class EngineCrashSpecs(ITestOutputHelper output)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly ClipOptions LongEncode = new()
    {
        Duration = TimeSpan.FromSeconds(90),
        Width = 640,
        Height = 360,
        Subtitles = true,
        AttachFont = true,
    };

    /// <summary>The item's job as the API shows it, or null when it has none.</summary>
    private static async Task<JsonElement?> JobAsync(NodeProcess api, string id)
    {
        var detail = await api.GetAsync($"/api/items/{id}", Ct);
        return detail.TryGetProperty("job", out var job) && job.ValueKind == JsonValueKind.Object
            ? job
            : null;
    }

    private static async Task<string> WaitForRunningAsync(
        PipelineRig rig,
        NodeProcess api,
        string step,
        string node
    )
    {
        var items = await rig.WaitForItemsAsync(
            api,
            i => i.Count == 1,
            TimeSpan.FromSeconds(60),
            Ct
        );
        var id = items[0].GetProperty("id").GetString()!;
        var running = await Eventually.TrueWithinAsync(
            () =>
                JobAsync(api, id).Result is { } job
                && job.GetProperty("step").GetString() == step
                && job.GetProperty("state").GetString() == "running"
                && job.GetProperty("node").GetString() == node,
            TimeSpan.FromSeconds(90),
            Ct
        );
        running.ShouldBeTrue($"{step} should run on {node}\n{rig.Tail()}");
        return id;
    }

    [Fact(Timeout = 300_000)]
    public async Task A_node_killed_mid_step_loses_the_step_to_another_node_after_the_lease_with_one_final_artefact()
    {
        await using var rig = await PipelineRig.CreateAsync(
            DialectKind.Postgres,
            Roles("ingest,sanitize,vault,tier,encode,notify"),
            Ct
        );
        var other = await rig.AddNodeAsync("other", Roles("encode,notify"), Ct);
        var clip = await TestClips.CreateAsync(rig.Scratch, "Long.Show.S01E01.mkv", LongEncode, Ct);
        var home = await rig.Node.StartAsync(Ct);
        await using var b = await other.StartAsync(Ct);
        rig.Drop(clip);
        var id = await WaitForRunningAsync(rig, b, "encode", "e2e");

        await home.KillAsync();
        var killedAt = TimeProvider.System.GetTimestamp();
        (
            await Eventually.TrueWithinAsync(
                () => JobAsync(b, id).Result?.GetProperty("node").GetString() == "other",
                TimeSpan.FromSeconds(60),
                Ct
            )
        ).ShouldBeTrue();
        output.WriteLine(
            $"failover: the encode ran again on the other node {TimeProvider.System.GetElapsedTime(killedAt).TotalSeconds:0.0} s after SIGKILL (lease 4 s)"
        );
        await home.DisposeAsync();

        var done = await rig.WaitForItemsAsync(
            b,
            i => i[0].GetProperty("state").GetString() == "notified",
            TimeSpan.FromMinutes(3),
            Ct
        );
        var detail = (await DetailsAsync(b, done, Ct))[0];
        detail
            .GetProperty("timeline")
            .EnumerateArray()
            .Select(e => e.GetProperty("type").GetString())
            .ShouldContain("lease-expired");
        NodeThatFinished(detail, "encode").ShouldBe("other");
        var vault = await rig.VaultListingAsync(Ct);
        vault
            .Keys.Count(k => k.StartsWith("Encoded/", StringComparison.Ordinal))
            .ShouldBe(1, "one final artefact");
        PipelineRig
            .FilesUnder(Path.Combine(rig.Library, "Encoded"))
            .ShouldBeEmpty("the killed node never finished its encode");

        await using var restarted = await rig.Node.StartAsync(Ct);
        PipelineRig
            .FilesUnder(Path.Combine(rig.Data, "work"))
            .ShouldBeEmpty("its half-written output is swept at start");
    }

    [Fact(Timeout = 300_000)]
    public async Task A_frozen_node_thawed_after_losing_its_lease_writes_nothing_and_discards_its_output()
    {
        await using var rig = await PipelineRig.CreateAsync(
            DialectKind.Postgres,
            Roles("ingest,sanitize,vault,tier,encode,notify"),
            Ct
        );
        var other = await rig.AddNodeAsync("other", Roles("encode,notify"), Ct);
        var clip = await TestClips.CreateAsync(
            rig.Scratch,
            "Frozen.Show.S01E01.mkv",
            LongEncode,
            Ct
        );
        await using var home = await rig.Node.StartAsync(Ct);
        await using var b = await other.StartAsync(Ct);
        rig.Drop(clip);
        var id = await WaitForRunningAsync(rig, b, "encode", "e2e");

        await home.SignalAsync("STOP", Ct);
        output.WriteLine("SIGSTOP the node running the encode");
        await rig.WaitForItemsAsync(
            b,
            i => i[0].GetProperty("state").GetString() == "notified",
            TimeSpan.FromMinutes(3),
            Ct
        );
        await home.SignalAsync("CONT", Ct);
        output.WriteLine("SIGCONT: the thawed node finds its lease gone");

        (
            await Eventually.TrueWithinAsync(
                () =>
                    File.ReadAllText(rig.LogFile)
                        .Contains("lease lost; work discarded", StringComparison.Ordinal),
                TimeSpan.FromSeconds(30),
                Ct
            )
        ).ShouldBeTrue(rig.Tail());
        (
            await Eventually.TrueWithinAsync(
                () => PipelineRig.FilesUnder(Path.Combine(rig.Data, "work")).Count == 0,
                TimeSpan.FromSeconds(30),
                Ct
            )
        ).ShouldBeTrue("the stale worker removed its temp output");
        PipelineRig
            .FilesUnder(Path.Combine(rig.Library, "Encoded"))
            .ShouldBeEmpty("the stale worker never moved its output into place");
        var detail = await b.GetAsync($"/api/items/{id}", Ct);
        var staleWrites = detail
            .GetProperty("timeline")
            .EnumerateArray()
            .Where(e =>
                e.GetProperty("node").GetString() == "e2e"
                && e.GetProperty("type").GetString()
                    is "encode-produced"
                        or "step-failed"
                        or "vaulted"
            );
        staleWrites
            .Where(e =>
                e.GetProperty("data").TryGetProperty("artifact", out var a)
                    ? a.GetString() == "encoded"
                    : true
            )
            .ShouldBeEmpty();
        (await rig.VaultListingAsync(Ct))
            .Keys.Count(k => k.StartsWith("Encoded/", StringComparison.Ordinal))
            .ShouldBe(1);
        detail.GetProperty("summary").GetProperty("state").GetString().ShouldBe("notified");
    }

    [Fact(Timeout = 300_000)]
    public async Task A_kill_inside_the_completion_transaction_leaves_all_of_it_or_none()
    {
        await using var rig = await PipelineRig.CreateAsync(DialectKind.Postgres, null, Ct);
        var config = JsonNode.Parse(await File.ReadAllTextAsync(rig.ConfigFile, Ct))!;
        var connection = config["Store"]!["Postgres"]!.GetValue<string>();
        var clip = await TestClips.CreateAsync(
            rig.Scratch,
            "Plain.Film.2020.mp4",
            new ClipOptions { Container = ClipContainer.Mp4 },
            Ct
        );
        var node = await rig.StartNodeAsync(Ct);

        // Hold the outbox table: the transaction that completes the encode step (and enqueues the
        // notification, writing outbox rows) blocks half-way, after its journal and job writes.
        await using var blocker = new NpgsqlConnection(connection);
        await blocker.OpenAsync(Ct);
        var hold = await blocker.BeginTransactionAsync(Ct);
        await using (
            var lockTable = new NpgsqlCommand(
                "LOCK TABLE outbox IN ACCESS EXCLUSIVE MODE",
                blocker,
                hold
            )
        )
        {
            await lockTable.ExecuteNonQueryAsync(Ct);
        }

        rig.Drop(clip);
        (
            await Eventually.TrueWithinAsync(
                () => BlockedBackends(connection) > 0,
                TimeSpan.FromSeconds(60),
                Ct
            )
        ).ShouldBeTrue(rig.Tail());
        await node.KillAsync();
        await node.DisposeAsync();
        await hold.RollbackAsync(Ct);
        (
            await Eventually.TrueWithinAsync(
                () => BlockedBackends(connection) == 0,
                TimeSpan.FromSeconds(30),
                Ct
            )
        ).ShouldBeTrue();

        var (state, types, notifyJobs, outbox) = await SnapshotAsync(connection);
        state.ShouldBe("tiered", "the completion was rolled back whole");
        types[^1].ShouldBe("step-started");
        types.ShouldNotContain("encode-skipped");
        notifyJobs.ShouldBe(0);
        outbox.ShouldBe(0);

        await using var again = await rig.StartNodeAsync(Ct);
        await rig.WaitForItemsAsync(
            again,
            i => i[0].GetProperty("state").GetString() == "notified",
            TimeSpan.FromSeconds(60),
            Ct
        );
        var (_, after, _, _) = await SnapshotAsync(connection);
        after
            .Count(t => t == "encode-skipped")
            .ShouldBe(1, "the step's result is in the journal exactly once");
    }

    private static int BlockedBackends(string connection)
    {
        using var db = new NpgsqlConnection(connection);
        db.Open();
        using var query = new NpgsqlCommand(
            "SELECT COUNT(*) FROM pg_stat_activity WHERE application_name = 'sluice' AND wait_event_type = 'Lock' AND datname = current_database()",
            db
        );
        return (int)(long)query.ExecuteScalar()!;
    }

    private static async Task<(
        string State,
        List<string> Types,
        long NotifyJobs,
        long Outbox
    )> SnapshotAsync(string connection)
    {
        await using var db = new NpgsqlConnection(connection);
        await db.OpenAsync(Ct);
        async Task<T> Scalar<T>(string sql)
        {
            await using var command = new NpgsqlCommand(sql, db);
            return (T)(await command.ExecuteScalarAsync(Ct))!;
        }

        var state = await Scalar<string>("SELECT state FROM item");
        var types = new List<string>();
        await using (var events = new NpgsqlCommand("SELECT type FROM item_event ORDER BY seq", db))
        await using (var reader = await events.ExecuteReaderAsync(Ct))
        {
            while (await reader.ReadAsync(Ct))
            {
                types.Add(reader.GetString(0));
            }
        }

        return (
            state,
            types,
            await Scalar<long>("SELECT COUNT(*) FROM job WHERE step = 'notify'"),
            await Scalar<long>("SELECT COUNT(*) FROM outbox")
        );
    }
}
