using System.Text.Json;
using Sluice.Domain.Items;
using Sluice.Node.Tests.Api;

namespace Sluice.Cli.Tests.Ctl;

/// <summary>`ctl items` and `ctl item` as scripts and people run them, against a real node in this process.</summary>
public sealed class CtlItemsSpecs
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static async Task<(int Code, string Stdout, string Stderr)> CtlAsync(
        ApiHost api,
        params string[] args
    ) =>
        await SluiceProcess.RunAsync(
            ["ctl", "--node", api.Address.ToString(), .. args],
            environment: new Dictionary<string, string?> { ["COLUMNS"] = "200" },
            ct: Ct
        );

    private static string[] Ids(string json) =>
        [
            .. JsonDocument
                .Parse(json)
                .RootElement.EnumerateArray()
                .Select(i => i.GetProperty("id").GetString()!),
        ];

    [Fact]
    public async Task Items_ls_filters_by_stage_node_running_and_text_and_pages_with_a_footer()
    {
        await using var api = await ApiHost.StartAsync();
        var failed = await api.TieredAsync("Broken.Show.S01E01.mkv");
        await api.FailAsync(failed, "ffprobe could not read it");
        var busy = await api.TieredAsync("Busy.Show.S01E02.mkv");
        await api.ClaimAsync(busy);
        var fresh = await api.DiscoverAsync("Fresh.Movie.2024.mkv");

        Ids((await CtlAsync(api, "items", "ls", "--stage", "encode", "--json")).Stdout)
            .ShouldBe([busy.ToString(), failed.ToString()], ignoreOrder: true);
        Ids((await CtlAsync(api, "items", "ls", "--on", api.HolderOf(busy), "--json")).Stdout)
            .ShouldBe([busy.ToString()]);
        Ids((await CtlAsync(api, "items", "ls", "--running", "--json")).Stdout)
            .ShouldBe([busy.ToString()]);
        Ids((await CtlAsync(api, "items", "ls", "--search", "movie", "--json")).Stdout)
            .ShouldBe([fresh.ToString()]);
        Ids((await CtlAsync(api, "items", "ls", "--state", "failed", "--json")).Stdout)
            .ShouldBe([failed.ToString()]);

        var (code, table, _) = await CtlAsync(api, "items", "ls", "--limit", "1", "--offset", "1");
        code.ShouldBe(0);
        table.ShouldContain("2–2 of 3");
        table.ShouldContain("--offset 2");
        var (all, full, _) = await CtlAsync(api, "items", "ls");
        all.ShouldBe(0);
        full.ShouldContain("Broken.Show.S01E01.mkv");
        full.ShouldContain("ffprobe could not read it");
        full.ShouldContain("encode running");
        var (bad, _, error) = await CtlAsync(api, "items", "ls", "--stage", "upload");
        bad.ShouldBe(ExitCodes.Usage);
        error.ShouldContain("Unknown stage 'upload'");
    }

    [Fact]
    public async Task Item_skip_moves_a_failed_item_ahead_and_each_refusal_has_its_exit_code()
    {
        await using var api = await ApiHost.StartAsync();
        var id = await api.TieredAsync("Unreadable.S01E01.mkv");
        await api.FailAsync(id, "ffprobe could not read it");
        var prefix = id.ToString()[..12];

        var (code, output, stderr) = await CtlAsync(api, "item", "skip", prefix, "--to", "notify");

        code.ShouldBe(0, stderr);
        output.ShouldContain("now encoded, next notify");
        (await CtlAsync(api, "item", "skip", prefix, "--to", "tier")).Code.ShouldBe(
            ExitCodes.Refused,
            "skipping goes forward only"
        );
        (await CtlAsync(api, "item", "retry", prefix)).Code.ShouldBe(
            ExitCodes.Refused,
            "only a failed item is retried"
        );
        (await CtlAsync(api, "item", "skip", prefix)).Code.ShouldBe(ExitCodes.Usage);
        (await CtlAsync(api, "item", "skip", prefix, "--to", "moon")).Code.ShouldBe(
            ExitCodes.Usage
        );
        (await CtlAsync(api, "item", "skip", "ffffffff", "--to", "notify")).Code.ShouldBe(
            ExitCodes.NotFound
        );
        var (shown, detail, _) = await CtlAsync(api, "item", "show", prefix);
        shown.ShouldBe(0);
        detail.ShouldContain("skipped encode, vault-encoded, distribute (api); notify runs next");
        var (json, raw, _) = await CtlAsync(api, "item", "show", prefix, "--json");
        json.ShouldBe(0);
        JsonDocument
            .Parse(raw)
            .RootElement.GetProperty("summary")
            .GetProperty("state")
            .GetString()
            .ShouldBe("encoded");
        (
            await SluiceProcess.RunAsync(
                ["ctl", "--node", "http://127.0.0.1:1", "items", "ls"],
                ct: Ct
            )
        ).Code.ShouldBe(ExitCodes.Unreachable);
    }

    [Fact]
    public async Task Tail_prints_events_as_they_happen_and_replays_from_a_cursor()
    {
        await using var api = await ApiHost.StartAsync();
        await using var tail = CtlProcess.Start(
            api.Address,
            null,
            "tail",
            "--json",
            "--count",
            "3"
        );
        await using var people = CtlProcess.Start(api.Address, null, "tail", "--count", "1");
        await tail.WaitForNoticeAsync("following", TimeSpan.FromSeconds(20), Ct);
        await people.WaitForNoticeAsync("following", TimeSpan.FromSeconds(20), Ct);

        var id = await api.DiscoverAsync("Tailed.Show.S01E01.mkv");
        await api.RunAsync(id, new CompleteSanitize("Shows/Tailed.mkv", ApiHost.Media));
        var lines = new List<JsonElement>();
        for (var i = 0; i < 3; i++)
        {
            lines.Add(
                JsonDocument
                    .Parse(await tail.NextLineAsync(TimeSpan.FromSeconds(20), Ct))
                    .RootElement
            );
        }

        (await tail.ExitAsync(TimeSpan.FromSeconds(10), Ct)).ShouldBe(0);
        lines
            .Select(l => l.GetProperty("event").GetProperty("type").GetString())
            .ShouldBe(["discovered", "step-started", "sanitized"]);
        lines.ShouldAllBe(l => l.GetProperty("itemId").GetString() == id.ToString());
        var line = await people.NextLineAsync(TimeSpan.FromSeconds(20), Ct);
        line.ShouldContain(id.ToString()[..12]);
        line.ShouldContain("Tailed.Show.S01E01.mkv");
        line.ShouldContain("found /in/Tailed.Show.S01E01.mkv");

        var (code, replay, _) = await CtlAsync(
            api,
            "tail",
            "--json",
            "--after",
            lines[0].GetProperty("cursor").GetString()!,
            "--count",
            "2"
        );
        code.ShouldBe(0);
        replay
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonDocument.Parse(l).RootElement.GetProperty("cursor").GetString())
            .ShouldBe([
                lines[1].GetProperty("cursor").GetString(),
                lines[2].GetProperty("cursor").GetString(),
            ]);
    }

    [Fact]
    public async Task Jobs_shows_running_steps_with_progress_and_watch_prints_a_line_per_change()
    {
        await using var api = await ApiHost.StartAsync();
        var id = await api.TieredAsync("Encoding.Show.S01E01.mkv");
        var job = await api.ClaimAsync(id);
        await api.Store.HeartbeatAsync(
            job.Lease,
            TimeSpan.FromMinutes(5),
            """{"percent":42,"speed":2.5,"eta":"00:01:20"}""",
            Ct
        );

        var (code, table, _) = await CtlAsync(api, "jobs");
        code.ShouldBe(0);
        table.ShouldContain("Encoding.Show.S01E01.mkv");
        table.ShouldContain("42% · 2.5x · eta 00:01:20");
        (await CtlAsync(api, "item", "show", id.ToString())).Stdout.ShouldContain(
            "encode running, attempt 1/3 on worker-1 · 42% · 2.5x · eta 00:01:20"
        );
        var (_, json, _) = await CtlAsync(api, "jobs", "--json");
        JsonDocument
            .Parse(json)
            .RootElement[0]
            .GetProperty("progress")
            .GetProperty("percent")
            .GetInt32()
            .ShouldBe(42);

        await using var watch = CtlProcess.Start(api.Address, null, "jobs", "--watch");
        (
            await watch.LineMatchingAsync(l => l.Contains("42%"), TimeSpan.FromSeconds(20), Ct)
        ).ShouldContain($"encode {id.ToString()[..12]} Encoding.Show.S01E01.mkv");
        await api.Store.HeartbeatAsync(
            job.Lease,
            TimeSpan.FromMinutes(5),
            """{"percent":80,"speed":2.5}""",
            Ct
        );
        await watch.LineMatchingAsync(l => l.Contains("80%"), TimeSpan.FromSeconds(20), Ct);
        await api.Store.CompleteAsync(job.Lease, new SkipEncode("plays everywhere"), Ct);
        await watch.LineMatchingAsync(l => l.EndsWith(" ended"), TimeSpan.FromSeconds(20), Ct);
        (await watch.InterruptAsync(Ct)).ShouldBe(ExitCodes.Interrupted);
    }
}
