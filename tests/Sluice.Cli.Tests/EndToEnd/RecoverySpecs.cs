using System.Text.Json.Nodes;
using Sluice.Testing;
using Sluice.Testing.Postgres;
using static Sluice.Cli.Tests.EndToEnd.ClusterRig;

namespace Sluice.Cli.Tests.EndToEnd;

/// <summary>ENGINE.md crash tests 6–8: a dropped listener, several processes on one SQLite file, every node restarted at once.</summary>
public sealed class RecoverySpecs(ITestOutputHelper output)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static bool AllNotified(IReadOnlyList<System.Text.Json.JsonElement> items, int count) =>
        items.Count == count && items.All(x => x.GetProperty("state").GetString() == "notified");

    [Fact(Timeout = 300_000)]
    public async Task With_its_listener_connection_dropped_a_node_still_picks_up_work_by_polling()
    {
        await using var rig = await PipelineRig.CreateAsync(
            DialectKind.Postgres,
            Roles("ingest,sanitize,vault,tier,encode"),
            Ct
        );
        var announcer = await rig.AddNodeAsync("announcer", Roles("notify"), Ct);
        var connection = JsonNode.Parse(await File.ReadAllTextAsync(rig.ConfigFile, Ct))!["Store"]![
            "Postgres"
        ]!.GetValue<string>();
        var files = await PrepareAsync(rig.Scratch, 4, TimeSpan.FromSeconds(2), Ct);
        await using var home = await rig.Node.StartAsync(Ct);
        await using var far = await announcer.StartAsync(Ct);
        var server = await PostgresServer.SharedAsync(Ct);

        // Keep killing the listeners' connections: notifications sent meanwhile are lost, so
        // the announcer only finds its work by polling.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var killer = Task.Run(
            async () =>
            {
                var killed = 0;
                while (!stop.IsCancellationRequested)
                {
                    killed += await server.TerminateBackendsAsync(
                        connection,
                        "sluice-listener",
                        CancellationToken.None
                    );
                    await Task.Delay(
                        TimeSpan.FromMilliseconds(50),
                        TimeProvider.System,
                        CancellationToken.None
                    );
                }

                return killed;
            },
            CancellationToken.None
        );
        foreach (var file in files)
        {
            rig.Drop(file);
        }

        await rig.WaitForItemsAsync(home, i => AllNotified(i, 4), TimeSpan.FromMinutes(2), Ct);
        await stop.CancelAsync();
        var killed = await killer;

        output.WriteLine($"terminated {killed} listener connections during the run");
        killed.ShouldBeGreaterThan(0);
        File.ReadAllText(announcer.LogFile).ShouldContain("Job listener lost its connection");
        var details = await DetailsAsync(
            home,
            await rig.WaitForItemsAsync(home, i => AllNotified(i, 4), TimeSpan.FromSeconds(5), Ct),
            Ct
        );
        details.ShouldAllBe(d => NodeThatFinished(d, "notify") == "announcer");
    }

    [Fact(Timeout = 300_000)]
    public async Task Several_processes_on_one_SQLite_file_claim_every_step_once_without_busy_errors()
    {
        await using var rig = await PipelineRig.CreateAsync(DialectKind.Sqlite, null, Ct);
        var database = Path.Combine(rig.Scratch, "..", "shared.db");
        void Shared(JsonObject config) => config["Paths"]!["Database"] = Path.GetFullPath(database);
        await rig.Node.WriteConfigAsync(Rewrite(rig.Node, Shared), Ct);
        var second = await rig.AddNodeAsync("second", Shared, Ct);
        var third = await rig.AddNodeAsync("third", Shared, Ct);
        var files = await PrepareAsync(rig.Scratch, 12, TimeSpan.FromSeconds(2), Ct);
        await using var a = await rig.Node.StartAsync(Ct);
        await using var b = await second.StartAsync(Ct);
        await using var c = await third.StartAsync(Ct);

        foreach (var (file, i) in files.Select((f, i) => (f, i)))
        {
            rig.Nodes[i % 3].Drop(file);
        }

        var items = await rig.WaitForItemsAsync(
            a,
            i => AllNotified(i, 12),
            TimeSpan.FromMinutes(3),
            Ct
        );

        foreach (var detail in await DetailsAsync(a, items, Ct))
        {
            var starts = detail
                .GetProperty("timeline")
                .EnumerateArray()
                .Where(e => e.GetProperty("type").GetString() == "step-started")
                .Select(e =>
                    (
                        Step: e.GetProperty("data").GetProperty("step").GetString(),
                        Attempt: e.GetProperty("attempt").GetInt32()
                    )
                )
                .ToList();
            starts.Distinct().Count().ShouldBe(starts.Count, "no step attempt was claimed twice");
        }

        foreach (var node in rig.Nodes)
        {
            var log = File.ReadAllText(node.LogFile);
            log.ShouldNotContain("database is locked");
            log.ShouldNotContain("SQLITE_BUSY");
            log.ShouldNotContain("failed (");
        }

        (await rig.VaultListingAsync(Ct))
            .Keys.Order(StringComparer.Ordinal)
            .ToList()
            .ShouldBe(ExpectedVaultPaths(await DetailsAsync(a, items, Ct)));
    }

    [Fact(Timeout = 300_000)]
    public async Task After_every_node_is_killed_at_once_and_restarted_every_item_resumes()
    {
        await using var rig = await PipelineRig.CreateAsync(DialectKind.Postgres, null, Ct);
        var second = await rig.AddNodeAsync("second", null, Ct);
        var files = await PrepareAsync(rig.Scratch, 16, TimeSpan.FromSeconds(4), Ct);
        var a = await rig.Node.StartAsync(Ct);
        var b = await second.StartAsync(Ct);
        foreach (var (file, i) in files.Select((f, i) => (f, i)))
        {
            rig.Nodes[i % 2].Drop(file);
        }

        await rig.WaitForItemsAsync(
            a,
            i =>
                i.Count >= 10
                && i.Any(x => x.GetProperty("state").GetString() is "vaulted" or "tiered"),
            TimeSpan.FromSeconds(60),
            Ct
        );
        await Task.WhenAll(a.KillAsync(), b.KillAsync());
        output.WriteLine("SIGKILLed both nodes at once");
        await a.DisposeAsync();
        await b.DisposeAsync();

        await using var a2 = await rig.Node.StartAsync(Ct);
        await using var b2 = await second.StartAsync(Ct);
        var items = await rig.WaitForItemsAsync(
            a2,
            i => AllNotified(i, 16),
            TimeSpan.FromMinutes(3),
            Ct
        );

        (await rig.VaultListingAsync(Ct))
            .Keys.Order(StringComparer.Ordinal)
            .ToList()
            .ShouldBe(ExpectedVaultPaths(await DetailsAsync(a2, items, Ct)));
        foreach (var node in rig.Nodes)
        {
            PipelineRig.FilesUnder(node.Incoming).ShouldBeEmpty();
            PipelineRig.FilesUnder(Path.Combine(node.Data, "work")).ShouldBeEmpty();
        }
    }

    private static JsonObject Rewrite(RigNode node, Action<JsonObject> change)
    {
        var config = JsonNode.Parse(File.ReadAllText(node.ConfigFile))!.AsObject();
        change(config);
        return config;
    }
}
