using Sluice.Testing;
using Sluice.Tools.Ffmpeg;
using Sluice.Tools.Processes;

namespace Sluice.Tools.Tests.Ffmpeg;

public sealed class FfmpegCancelSpecs(ClipsFixture clips) : IClassFixture<ClipsFixture>, IDisposable
{
    private readonly TempDirectory _temp = new("sluice-encode-cancel");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Cancel_mid_encode_stops_ffmpeg_and_the_temp_output_can_be_discarded()
    {
        var ct = TestContext.Current.CancellationToken;
        var owner = $"test-ffmpeg-cancel-{Guid.NewGuid():N}";
        var ffmpeg = new FfmpegRunner(
            new ProcessRunner(TimeProvider.System, new ProcessRunnerOptions { OwnerTag = owner })
        );
        // -re holds the 30 s clip to real time, so the encode is surely running when the lease is lost.
        var arguments = new FfmpegArguments
        {
            InputPath = clips.Long,
            OutputPath = _temp.Combine("job-1.tmp.mp4"),
            Maps = [0, 1],
            Video = VideoCodec.X264(),
            ReadAtNativeRate = true,
        };
        using var lease = new CancellationTokenSource();
        var running = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var encode = ffmpeg.RunAsync(
            arguments,
            TimeSpan.FromSeconds(30),
            new SynchronousProgress<EncodeProgress>(p =>
            {
                if (p.Position > TimeSpan.Zero)
                    running.TrySetResult();
            }),
            lease.Token
        );
        await running.Task.WaitAsync(TimeSpan.FromSeconds(15), ct);
        await lease.CancelAsync();

        await Should.ThrowAsync<OperationCanceledException>(() =>
            encode.WaitAsync(TimeSpan.FromSeconds(15), ct)
        );
        LinuxProcesses
            .WithEnvironmentEntry($"{ProcessRunner.OwnerVariable}={owner}")
            .ShouldBeEmpty("no ffmpeg of this owner may still be running");
        File.Delete(arguments.OutputPath);
        File.Exists(arguments.OutputPath).ShouldBeFalse();
    }
}
