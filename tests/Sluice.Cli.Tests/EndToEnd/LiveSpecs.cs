using System.Text.Json;
using Sluice.Cli.Tests.Ctl;
using Sluice.Testing;
using Sluice.Testing.Media;
using static Sluice.Cli.Tests.EndToEnd.ClusterRig;

namespace Sluice.Cli.Tests.EndToEnd;

/// <summary>The live event stream across a cluster: events come from the shared store, not from node to node.</summary>
public sealed class LiveSpecs
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact(Timeout = 300_000)]
    public async Task Tail_on_one_node_follows_every_node_s_work_and_resumes_after_a_restart_of_that_node()
    {
        await using var rig = await PipelineRig.CreateAsync(
            DialectKind.Postgres,
            Roles("ingest,sanitize,vault,tier,encode"),
            Ct
        );
        var announcer = await rig.AddNodeAsync("announcer", Roles("notify"), Ct);
        var clip = await TestClips.CreateAsync(
            rig.Scratch,
            "Live.Show.S01E01.mkv",
            new ClipOptions(),
            Ct
        );
        await using var home = await rig.Node.StartAsync(Ct);
        var far = await announcer.StartAsync(Ct);
        await using var tail = CtlProcess.Start(announcer.Api, null, "tail", "--json");
        await tail.WaitForNoticeAsync("following", TimeSpan.FromSeconds(30), Ct);

        rig.Drop(clip);
        var seen = new List<JsonElement>();
        while (seen.Count == 0 || Type(seen[^1]) != "encode-produced")
        {
            seen.Add(
                JsonDocument
                    .Parse(await tail.NextLineAsync(TimeSpan.FromSeconds(90), Ct))
                    .RootElement
            );
        }

        // The announcer goes away mid-stream; the tail reconnects to it when it is back and
        // gets what happened meanwhile, after the last event it printed.
        await far.KillAsync();
        await far.DisposeAsync();
        await using var back = await announcer.StartAsync(Ct);
        while (Type(seen[^1]) != "notified")
        {
            seen.Add(
                JsonDocument
                    .Parse(await tail.NextLineAsync(TimeSpan.FromSeconds(90), Ct))
                    .RootElement
            );
        }

        var item = (
            await rig.WaitForItemsAsync(home, i => i.Count == 1, TimeSpan.FromSeconds(10), Ct)
        )[0];
        var timeline = (await home.GetAsync($"/api/items/{item.GetProperty("id").GetString()}", Ct))
            .GetProperty("timeline")
            .EnumerateArray()
            .Select(e => e.GetProperty("type").GetString()!)
            .ToList();
        seen.Select(Type)
            .ShouldBe(timeline, "every event of the journal, once, in order, across the reconnect");
        seen.Select(e => e.GetProperty("event").GetProperty("node").GetString())
            .ShouldContain("e2e");
        seen.Where(e => Type(e) == "notification-sent")
            .ShouldAllBe(e =>
                e.GetProperty("event").GetProperty("node").GetString() == "announcer"
            );
        string.Join('\n', tail.Errors).ShouldContain("reconnecting");
    }

    private static string Type(JsonElement e) =>
        e.GetProperty("event").GetProperty("type").GetString()!;
}
