using Microsoft.Extensions.Logging.Abstractions;
using Sluice.Domain.Items;
using Sluice.Node.Configuration;
using Sluice.Node.Encode;
using Sluice.Node.Engine;
using Sluice.Store;
using Sluice.Testing;
using Sluice.Testing.Media;
using Sluice.Tools.Ffmpeg;

namespace Sluice.Node.Tests.Encode;

/// <summary>How many encodes a node runs, and on which encoder.</summary>
public sealed class EncodeLimitSpecs
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_node_runs_one_encode_at_a_time_by_default()
    {
        await using var rig = await EncodeRig.CreateAsync();
        var clip = await rig.ClipAsync("show.mkv", new ClipOptions { Subtitles = true }, Ct);
        var ids = new[]
        {
            await rig.ItemAsync(
                clip,
                "Show.S01E01.mkv",
                "Shows/Show/Season 01/Show - S01E01.mkv",
                ct: Ct
            ),
            await rig.ItemAsync(
                clip,
                "Show.S01E02.mkv",
                "Shows/Show/Season 01/Show - S01E02.mkv",
                ct: Ct
            ),
        };
        var lease = TimeSpan.FromMinutes(1);
        var runner = new JobRunner(
            rig.Node.Store,
            new Dictionary<Step, IStepHandler> { [Step.Encode] = rig.Handler() },
            rig.Node.WakeUps,
            lease,
            TimeProvider.System,
            NullLogger<JobRunner>.Instance
        );
        using var worker = new StageWorker(
            "encode",
            new StagesOptions().Encode.Concurrency,
            rig.Node.Node.Name,
            rig.Node.Store,
            runner,
            rig.Node.WakeUps,
            rig.Node.Node,
            lease,
            TimeSpan.FromMilliseconds(50),
            TimeProvider.System,
            NullLogger<StageWorker>.Instance
        );

        await worker.StartAsync(Ct);
        var encoded = await Eventually.TrueWithinAsync(
            () =>
                ids.All(id =>
                    rig.ItemStateAsync(id, Ct).GetAwaiter().GetResult().Output is not null
                ),
            TimeSpan.FromSeconds(60),
            Ct
        );
        await worker.StopAsync(Ct);

        encoded.ShouldBeTrue();
        var runs = new List<(DateTimeOffset Started, DateTimeOffset Finished)>();
        foreach (var id in ids)
        {
            var journal = await rig.Node.Store.GetJournalAsync(id, Ct);
            runs.Add(
                (
                    journal.Single(e => e.Event is StepStarted { Step: Step.Encode }).At,
                    journal.Single(e => e.Event is EncodeProduced).At
                )
            );
        }

        var (first, second) =
            runs[0].Started < runs[1].Started ? (runs[0], runs[1]) : (runs[1], runs[0]);
        second.Started.ShouldBeGreaterThanOrEqualTo(
            first.Finished,
            "the second encode starts only after the first ended"
        );
    }

    [Fact]
    public async Task A_gpu_asked_for_but_absent_falls_back_to_software_with_a_log_line()
    {
        await using var rig = await EncodeRig.CreateAsync(
            new EncodeOptions { Hardware = HardwareRequest.Nvenc }
        );
        var clip = await rig.ClipAsync("show.mkv", new ClipOptions { Subtitles = true }, Ct);
        var id = await rig.ItemAsync(
            clip,
            "Show.S01E01.mkv",
            "Shows/Show/Season 01/Show - S01E01.mkv",
            ct: Ct
        );

        var output = (await rig.EncodeAsync(id, Ct)).ShouldBeOfType<CompleteEncode>().Output;

        output.Profile.ShouldBe("hardsub");
        rig.Logs.Warnings.ShouldHaveSingleItem()
            .Message.ShouldBe(
                "Encode:Hardware is Nvenc but NVENC: no NVIDIA device (/dev/nvidiactl); encoding in software"
            );
        (await rig.Ffprobe.ProbeAsync(rig.Library(output.LibraryPath), Ct))
            .MainVideo.ShouldNotBeNull()
            .CodecName.ShouldBe("h264");
    }

    [Fact]
    public async Task A_gpu_encoder_that_fails_at_run_time_gives_way_to_software_in_the_same_attempt_and_after()
    {
        await using var rig = await EncodeRig.CreateAsync(
            new EncodeOptions { Hardware = HardwareRequest.Nvenc }
        );
        // The NVIDIA device nodes "exist", so detection picks NVENC; this machine has no NVIDIA
        // driver, so ffmpeg's real NVENC encoder fails when it opens, as after a driver update.
        rig.Devices = () => new HardwareDevices(true, []);
        var handler = rig.Handler();
        var clip = await rig.ClipAsync("show.mkv", new ClipOptions { Subtitles = true }, Ct);
        var first = await rig.ItemAsync(
            clip,
            "Show.S01E01.mkv",
            "Shows/Show/Season 01/Show - S01E01.mkv",
            ct: Ct
        );
        var second = await rig.ItemAsync(
            await rig.ClipAsync("other.mkv", new ClipOptions { Subtitles = true }, Ct),
            "Show.S01E02.mkv",
            "Shows/Show/Season 01/Show - S01E02.mkv",
            ct: Ct
        );

        var fellBack = await EncodeWithAsync(rig, handler, first);
        var after = await EncodeWithAsync(rig, handler, second);

        fellBack
            .Reason.ShouldNotBeNull()
            .ShouldContain("encoded in software, the Nvenc encoder failed: [h264_nvenc");
        (await rig.Ffprobe.ProbeAsync(rig.Library(fellBack.LibraryPath), Ct))
            .MainVideo.ShouldNotBeNull()
            .CodecName.ShouldBe("h264");
        rig.Logs.Warnings.ShouldHaveSingleItem()
            .Message.ShouldStartWith("The Nvenc encoder failed ([h264_nvenc");
        after.Reason.ShouldNotBeNull().ShouldNotContain("failed", Case.Insensitive);
        (await rig.Ffprobe.ProbeAsync(rig.Library(after.LibraryPath), Ct))
            .MainVideo.ShouldNotBeNull()
            .CodecName.ShouldBe("h264");
    }

    /// <summary>As <see cref="EncodeRig.EncodeAsync"/>, through one handler, so its GPU choice carries over.</summary>
    private static async Task<EncodeOutput> EncodeWithAsync(
        EncodeRig rig,
        EncodeHandler handler,
        ItemId id
    )
    {
        var context = await rig.ClaimAsync(id, Ct);
        var outcome = await handler.RunAsync(context, Ct);
        (await rig.Node.Store.CompleteAsync(context.Lease, outcome, Ct)).Result.ShouldBe(
            LeaseWrite.Applied
        );
        return outcome.ShouldBeOfType<CompleteEncode>().Output;
    }
}
