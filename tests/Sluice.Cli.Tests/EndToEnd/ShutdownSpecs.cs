using System.Text.Json.Nodes;
using Sluice.Node.Configuration;
using Sluice.Node.Hosting;
using Sluice.Testing;
using Sluice.Testing.Media;

namespace Sluice.Cli.Tests.EndToEnd;

public sealed class ShutdownSpecs
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact(Timeout = 300_000)]
    public async Task Ctrl_C_mid_encode_stops_ffmpeg_cleans_up_and_hands_the_step_back_without_spending_an_attempt()
    {
        await using var rig = await PipelineRig.CreateAsync(null, Ct);
        var clip = await TestClips.CreateAsync(
            rig.Scratch,
            "Long.Show.S01E01.mkv",
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
        var node = await rig.StartNodeAsync(Ct);
        rig.Drop(clip);
        var encoding = await rig.WaitForItemsAsync(
            node,
            i =>
                i.Count == 1
                && i[0].GetProperty("step").GetString() == "encode"
                && i[0].GetProperty("jobState").GetString() == "running",
            TimeSpan.FromSeconds(60),
            Ct
        );
        var id = encoding[0].GetProperty("id").GetString()!;
        var tag = EngineRegistration.OwnerTag(NodePaths.From(new PathsOptions { Data = rig.Data }));
        (
            await Eventually.TrueWithinAsync(
                () => LinuxProcesses.WithEnvironmentEntry($"SLUICE_OWNER={tag}").Count > 0,
                TimeSpan.FromSeconds(20),
                Ct
            )
        ).ShouldBeTrue("ffmpeg is running");

        (await node.InterruptAsync(Ct)).ShouldBe(0);
        await node.DisposeAsync();

        LinuxProcesses
            .WithEnvironmentEntry($"SLUICE_OWNER={tag}")
            .ShouldBeEmpty("no tool outlives a graceful stop");
        PipelineRig.FilesUnder(Path.Combine(rig.Data, "work")).ShouldBeEmpty();
        await using var again = await rig.StartNodeAsync(Ct);
        await rig.WaitForItemsAsync(
            again,
            i => i[0].GetProperty("state").GetString() == "notified",
            TimeSpan.FromSeconds(120),
            Ct
        );
        var timeline = (await again.GetAsync($"/api/items/{id}", Ct))
            .GetProperty("timeline")
            .EnumerateArray()
            .ToList();
        var encodeStarts = timeline
            .Where(e =>
                e.GetProperty("type").GetString() == "step-started"
                && e.GetProperty("data").GetProperty("step").GetString() == "encode"
            )
            .Select(e => e.GetProperty("attempt").GetInt32())
            .ToList();
        encodeStarts.ShouldBe([1, 1], "the interrupted attempt was handed back, not spent");
        timeline.ShouldNotContain(e => e.GetProperty("type").GetString() == "step-failed");
    }
}
