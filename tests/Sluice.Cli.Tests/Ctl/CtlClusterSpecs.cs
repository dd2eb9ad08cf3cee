using System.Text.Json;
using Sluice.Domain.Items;
using Sluice.Node.Tests.Api;
using Sluice.Testing;
using static Sluice.Cli.Tests.Ctl.CtlItemsSpecs;

namespace Sluice.Cli.Tests.Ctl;

/// <summary>`ctl cluster`, `node`, `stage`, `vault`, `stats`, `health`, `metrics` and `item cancel` against a real node in this process.</summary>
public sealed class CtlClusterSpecs
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<JsonElement> JsonAsync(ApiHost api, params string[] args)
    {
        var (code, stdout, stderr) = await CtlAsync(api, [.. args, "--json"]);
        code.ShouldBe(0, stderr);
        return JsonDocument.Parse(stdout).RootElement;
    }

    private static JsonElement Stage(JsonElement cluster, string name) =>
        cluster
            .GetProperty("stages")
            .EnumerateArray()
            .Single(s => s.GetProperty("queue").GetString() == name);

    [Fact]
    public async Task Stage_node_and_vault_commands_steer_the_cluster_and_cluster_show_says_so()
    {
        await using var api = await ApiHost.StartAsync();

        (await JsonAsync(api, "stage", "limit", "encode", "2"))
            .GetProperty("message")
            .GetString()
            .ShouldBe("stage encode: at most 2 running across the cluster");
        await JsonAsync(api, "stage", "pause", "vault");
        await JsonAsync(api, "node", "drain", "api");
        var cluster = await JsonAsync(api, "cluster", "show");
        Stage(cluster, "encode").GetProperty("maxRunning").GetInt32().ShouldBe(2);
        Stage(cluster, "vault").GetProperty("paused").GetBoolean().ShouldBeTrue();
        var node = cluster.GetProperty("nodes").EnumerateArray().ShouldHaveSingleItem();
        node.GetProperty("draining").GetBoolean().ShouldBeTrue();
        node.GetProperty("roles")
            .EnumerateArray()
            .Select(r => r.GetString())
            .ShouldBe(["distribute"]);
        var (shown, table, _) = await CtlAsync(api, "cluster", "show");
        shown.ShouldBe(0);
        table.ShouldContain("draining");
        table.ShouldContain("paused");

        await JsonAsync(api, "stage", "limit", "encode");
        await JsonAsync(api, "stage", "resume", "vault");
        await JsonAsync(api, "node", "undrain", "api");
        cluster = await JsonAsync(api, "cluster", "show");
        Stage(cluster, "encode").GetProperty("maxRunning").ValueKind.ShouldBe(JsonValueKind.Null);
        Stage(cluster, "vault").GetProperty("paused").GetBoolean().ShouldBeFalse();
        cluster.GetProperty("nodes")[0].GetProperty("draining").GetBoolean().ShouldBeFalse();
        var vault = cluster.GetProperty("destinations")[0].GetProperty("name").GetString()!;
        (await JsonAsync(api, "vault", "resume", vault))
            .GetProperty("message")
            .GetString()
            .ShouldBe($"destination {vault} was not paused");

        (await CtlAsync(api, "stage", "limit", "encode", "0")).Code.ShouldBe(ExitCodes.Usage);
        (await CtlAsync(api, "stage", "pause", "upload")).Code.ShouldBe(ExitCodes.NotFound);
        (await CtlAsync(api, "node", "down", "nosuch")).Code.ShouldBe(ExitCodes.NotFound);
        (await CtlAsync(api, "node", "drain", "nosuch")).Code.ShouldBe(ExitCodes.NotFound);
        (await CtlAsync(api, "vault", "resume", "nosuch")).Code.ShouldBe(ExitCodes.NotFound);
        (await JsonAsync(api, "node", "down", "api"))
            .GetProperty("message")
            .GetString()!
            .ShouldContain("0 running jobs handed back");
    }

    [Fact]
    public async Task Stats_health_metrics_and_cancel_answer_for_people_and_scripts()
    {
        await using var api = await ApiHost.StartAsync(
            new Dictionary<string, string?> { ["Health:ProbeInterval"] = "00:00:01" }
        );
        var done = await api.TieredAsync("Done.S01E01.mkv");
        await api.RunAsync(done, new SkipEncode("plays everywhere"));
        await api.RunAsync(done, new CompleteNotify([]));
        var failed = await api.TieredAsync("Failed.S01E02.mkv");
        await api.FailAsync(failed, "unreadable");
        var waiting = await api.DiscoverAsync("Waiting.S01E03.mkv");

        var stats = await JsonAsync(api, "stats");
        stats.GetProperty("items").GetProperty("notified").GetInt64().ShouldBe(1);
        stats.GetProperty("items").GetProperty("failed").GetInt64().ShouldBe(1);
        var (code, chart, _) = await CtlAsync(api, "stats", "--window", "1.00:00:00");
        code.ShouldBe(0);
        chart.ShouldContain("finished");
        chart.ShouldContain("█", customMessage: "the one bucket with work is the tallest");
        (await CtlAsync(api, "stats", "--window", "forever")).Code.ShouldBe(ExitCodes.Usage);

        var (metricsCode, metrics, _) = await CtlAsync(api, "metrics");
        metricsCode.ShouldBe(0);
        metrics.ShouldContain("sluice_items{state=\"notified\"} 1");

        var (cancelled, _, cancelError) = await CtlAsync(
            api,
            "item",
            "cancel",
            waiting.ToString()[..12],
            "--reason",
            "wrong file"
        );
        cancelled.ShouldBe(0, cancelError);
        (await JsonAsync(api, "item", "show", waiting.ToString()))
            .GetProperty("timeline")
            .EnumerateArray()
            .Last()
            .GetProperty("summary")
            .GetString()
            .ShouldBe("cancelled by api: wrong file");

        var (healthy, report, _) = await CtlAsync(api, "health");
        healthy.ShouldBe(0, report);
        report.ShouldContain("healthy");
        File.Delete(Path.Combine(api.Data, "library", ".sluice-location"));
        (
            await Eventually.TrueWithinAsync(
                () => CtlAsync(api, "health").GetAwaiter().GetResult().Code == ExitCodes.Unhealthy,
                TimeSpan.FromSeconds(20),
                Ct
            )
        ).ShouldBeTrue("a missing library disk makes ctl health exit 6");
        var (_, sick, _) = await CtlAsync(api, "health");
        sick.ShouldContain("sentinel .sluice-location is missing");
        sick.ShouldContain("paused here");
    }
}
