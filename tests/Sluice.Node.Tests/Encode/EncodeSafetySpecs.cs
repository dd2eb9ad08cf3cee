using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Sluice.Domain.Items;
using Sluice.Node.Configuration;
using Sluice.Node.Engine;
using Sluice.Testing;
using Sluice.Testing.Media;
using Sluice.Tools.Ffmpeg;
using Sluice.Tools.Processes;

namespace Sluice.Node.Tests.Encode;

/// <summary>What the encode step never does: accept a broken output, leave files behind, replace a file.</summary>
public sealed class EncodeSafetySpecs
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private const string Episode = "Shows/Show/Season 01/Show - S01E01.mkv";
    private const string Output = "Encoded/Shows/Show/Season 01/Show - S01E01.mp4";

    [Fact]
    public async Task A_truncated_output_is_rejected_and_nothing_reaches_the_library()
    {
        await using var rig = await EncodeRig.CreateAsync();
        // The real ffmpeg, then its output cut in half and a zero exit: a fault (a full disk
        // under a tool that does not notice, a broken filesystem) ffmpeg cannot be made to produce.
        var fake = FakeExecutable.Create(
            rig.Scratch,
            "ffmpeg",
            """
            ffmpeg "$@" || exit $?
            for last; do :; done
            truncate -s $(( $(stat -c %s "$last") / 2 )) "$last"
            """
        );
        rig.UseFfmpeg(new FfmpegOptions { ExecutablePath = fake });
        var clip = await rig.ClipAsync("show.mkv", new ClipOptions(), Ct);
        var id = await rig.ItemAsync(clip, "Show.S01E01.720p.WEB.x264-GRP.mkv", Episode, ct: Ct);
        var context = await rig.ClaimAsync(id, Ct);

        var failure = await Should.ThrowAsync<InvalidDataException>(() =>
            rig.Handler().RunAsync(context, Ct)
        );

        failure.Message.ShouldContain("The encoded output failed its checks");
        failure.Message.ShouldContain("truncated");
        rig.Files(rig.Library("Encoded")).ShouldBeEmpty();
        rig.Files(rig.Node.Paths.Work).ShouldBeEmpty();
        File.Exists(rig.Library(Episode)).ShouldBeTrue();
    }

    [Fact]
    public async Task Cancelling_mid_encode_stops_ffmpeg_and_leaves_nothing_behind()
    {
        // x265 at its slowest on a 30 s clip runs for many seconds: surely still running when cancelled.
        await using var rig = await EncodeRig.CreateAsync(
            new EncodeOptions
            {
                StopGracePeriod = TimeSpan.FromSeconds(2),
                Profiles =
                [
                    new EncodeProfileOptions
                    {
                        Name = "slow",
                        Action = EncodeAction.Transcode,
                        VideoCodec = "h265",
                        Preset = "veryslow",
                    },
                ],
            }
        );
        var clip = await rig.ClipAsync(
            "long.mkv",
            new ClipOptions
            {
                Duration = TimeSpan.FromSeconds(30),
                Width = 320,
                Height = 180,
            },
            Ct
        );
        var id = await rig.ItemAsync(clip, "Show.S01E01.720p.WEB.x264-GRP.mkv", Episode, ct: Ct);
        var context = await rig.ClaimAsync(id, Ct);
        using var lease = CancellationTokenSource.CreateLinkedTokenSource(Ct);

        var encode = rig.Handler().RunAsync(context, lease.Token);
        (
            await Eventually.TrueWithinAsync(
                () => context.Progress is not null,
                TimeSpan.FromSeconds(30),
                Ct
            )
        ).ShouldBeTrue("ffmpeg reports progress while it runs");
        var progress = context.Progress!;
        rig.RunningTools().ShouldNotBeEmpty();
        await lease.CancelAsync();

        await Should.ThrowAsync<OperationCanceledException>(() =>
            encode.WaitAsync(TimeSpan.FromSeconds(30), Ct)
        );
        using var json = JsonDocument.Parse(progress);
        json.RootElement.GetProperty("profile").GetString().ShouldBe("slow");
        json.RootElement.TryGetProperty("percent", out _).ShouldBeTrue();
        json.RootElement.TryGetProperty("eta", out _).ShouldBeTrue();
        rig.RunningTools().ShouldBeEmpty("no ffmpeg of this node may still be running");
        rig.Files(rig.Node.Paths.Work).ShouldBeEmpty();
        rig.Files(rig.Library("Encoded")).ShouldBeEmpty();
        rig.Files(rig.Node.Paths.Library).ShouldBe([Episode]);
    }

    [Fact]
    public async Task A_users_file_at_the_output_name_is_kept_and_the_output_takes_the_next_name()
    {
        await using var rig = await EncodeRig.CreateAsync();
        var clip = await rig.ClipAsync("show.mkv", new ClipOptions(), Ct);
        var id = await rig.ItemAsync(clip, "Show.S01E01.720p.WEB.x264-GRP.mkv", Episode, ct: Ct);
        Directory.CreateDirectory(Path.GetDirectoryName(rig.Library(Output))!);
        // A real video at the name, even one of this very source: it is not Sluice's output, so it stays.
        File.Copy(
            await rig.ClipAsync("users.mp4", new ClipOptions { Container = ClipContainer.Mp4 }, Ct),
            rig.Library(Output)
        );
        var users = await File.ReadAllBytesAsync(rig.Library(Output), Ct);
        var leftover = Path.Combine(
            Path.GetDirectoryName(rig.Library(Output))!,
            $".sluice-tmp-{id}-7"
        );
        await File.WriteAllTextAsync(leftover, "half a copy from a crashed attempt", Ct);

        var output = (await rig.EncodeAsync(id, Ct)).ShouldBeOfType<CompleteEncode>().Output;

        output.LibraryPath.ShouldBe("Encoded/Shows/Show/Season 01/Show - S01E01 (2).mp4");
        (await File.ReadAllBytesAsync(rig.Library(Output), Ct)).ShouldBe(users);
        File.Exists(leftover).ShouldBeFalse();
    }

    [Fact]
    public async Task An_earlier_attempts_output_already_in_place_is_taken_as_it_is()
    {
        await using var rig = await EncodeRig.CreateAsync();
        var clip = await rig.ClipAsync("show.mkv", new ClipOptions(), Ct);
        var id = await rig.ItemAsync(clip, "Show.S01E01.720p.WEB.x264-GRP.mkv", Episode, ct: Ct);
        // The first attempt moves its output into place, then its node dies before recording it.
        var first = await rig.ClaimAsync(id, Ct);
        var crashed = (await rig.Handler().RunAsync(first, Ct)).ShouldBeOfType<CompleteEncode>();
        await rig.Node.Store.ReleaseAsync(first.Lease, Ct);
        var written = File.GetLastWriteTimeUtc(rig.Library(Output));
        rig.UseFfmpeg(new FfmpegOptions { ExecutablePath = "/nonexistent/ffmpeg" });

        var again = (await rig.EncodeAsync(id, Ct)).ShouldBeOfType<CompleteEncode>();

        again.Output.ShouldBe(
            crashed.Output with
            {
                Node = again.Output.Node,
                EncodeSeconds = null,
            },
            "the same output, and no ffmpeg ran for it"
        );
        again.Output.LibraryPath.ShouldBe(Output);
        File.GetLastWriteTimeUtc(rig.Library(Output)).ShouldBe(written);
        rig.Files(rig.Library("Encoded")).ShouldBe(["Shows/Show/Season 01/Show - S01E01.mp4"]);
    }

    [Fact]
    public async Task Leftovers_of_a_crashed_encode_are_swept_when_the_node_starts()
    {
        await using var rig = await EncodeRig.CreateAsync();
        var crashed = Directory
            .CreateDirectory(Path.Combine(rig.Node.Paths.Work, "encode-0123-4"))
            .FullName;
        Directory.CreateDirectory(Path.Combine(crashed, "fonts"));
        await File.WriteAllTextAsync(Path.Combine(crashed, "output.mp4"), "partial", Ct);
        await File.WriteAllTextAsync(Path.Combine(crashed, "fonts", "font-3.ttf"), "font", Ct);
        var startup = new NodeStartup(
            rig.Node.Store,
            rig.Node.Node,
            rig.Node.Paths,
            new OrphanSweeper(rig.OwnerTag, ProcessRunner.KillOrphans),
            Options.Create(new EngineOptions()),
            Options.Create(new StagesOptions()),
            NullLogger<NodeStartup>.Instance
        );

        await startup.StartAsync(Ct);

        Directory.EnumerateFileSystemEntries(rig.Node.Paths.Work).ShouldBeEmpty();
    }
}
