using System.Diagnostics;
using Sluice.Node.Configuration;
using Sluice.Testing;
using Sluice.Testing.Media;
using Sluice.Tools.Ffmpeg;

namespace Sluice.Benchmarks.Encode;

/// <summary>
/// Encodes one fansub-like clip (H.264 720p, Japanese AAC, an ASS track, its font attached) two
/// ways, alternately: the very ffmpeg command Sluice would run, started bare with
/// System.Diagnostics.Process, and Sluice's encode step (claim, probe, plan, the same ffmpeg
/// through the process runner with progress, a full read-back with ffprobe, validation, the
/// move into the library, the journaled completion). The ratio of the medians is Sluice's
/// overhead.
/// </summary>
public static class EncodeBenchmark
{
    public static async Task<int> RunAsync(int seconds, int runs, int height, TextWriter output)
    {
        using var temp = new TempDirectory("sluice-bench-encode");
        var width = height * 16 / 9 / 2 * 2;
        var clip = await TestClips.CreateAsync(
            temp.Sub("clips"),
            "[Group] Show - 01 [720p].mkv",
            new ClipOptions
            {
                Duration = TimeSpan.FromSeconds(seconds),
                Width = width,
                Height = height,
                Subtitles = true,
                AttachFont = true,
            },
            CancellationToken.None
        );
        await using var node = await BenchNode.CreateAsync(temp.Sub("node"));
        var arguments = await BareArgumentsAsync(node, clip, temp.Sub("bare"));
        output.WriteLine(
            $"encode: {seconds} s {width}x{height} H.264 + AAC + ASS with an attached font, hardsub (libx264 veryfast crf 20), "
                + $"{Environment.ProcessorCount} cores (load {LoadAverage()}); {runs} runs each after one warm-up, alternating"
        );

        var bare = new List<TimeSpan>();
        var sluice = new List<TimeSpan>();
        var around = new List<TimeSpan>();
        for (var run = 0; run <= runs; run++)
        {
            var item = await node.PrepareAsync(clip, run);
            // Who goes first alternates, so neither way always meets a warm cache or a busy neighbour.
            var (b, s) =
                run % 2 == 0
                    ? (
                        await TimeAsync(() => BareAsync(arguments(run))),
                        await TimeAsync(() => node.EncodeAsync(item))
                    )
                    : Swap(
                        await TimeAsync(() => node.EncodeAsync(item)),
                        await TimeAsync(() => BareAsync(arguments(run)))
                    );
            if (run > 0)
            {
                var own = s - await node.FfmpegTimeAsync(item);
                bare.Add(b);
                sluice.Add(s);
                around.Add(own);
                output.WriteLine(
                    $"  run {run}: bare {b.TotalSeconds:0.000} s, sluice {s.TotalSeconds:0.000} s (of which around ffmpeg {own.TotalMilliseconds:0} ms)"
                );
            }
        }

        output.WriteLine();
        output.WriteLine($"{"way", -30} {"median s", 9} {"min s", 9}");
        output.WriteLine(
            $"{"bare ffmpeg (same command)", -30} {Median(bare).TotalSeconds, 9:0.000} {bare.Min().TotalSeconds, 9:0.000}"
        );
        output.WriteLine(
            $"{"sluice encode step", -30} {Median(sluice).TotalSeconds, 9:0.000} {sluice.Min().TotalSeconds, 9:0.000}"
        );
        output.WriteLine(
            $"{"  of which around ffmpeg", -30} {Median(around).TotalSeconds, 9:0.000} {around.Min().TotalSeconds, 9:0.000}"
        );
        output.WriteLine(
            $"sluice/bare: {Median(sluice) / Median(bare):0.000} by medians, {sluice.Min() / bare.Min():0.000} by minimums (target <= 1.05); load {LoadAverage()}"
        );
        // ffmpeg's own time swings with other work on the machine; Sluice's time around it does not.
        output.WriteLine(
            $"sluice's own work around ffmpeg (probe, plan, read-back, validation, move, journal) over bare: {(Median(bare) + Median(around)) / Median(bare):0.000}"
        );
        return 0;
    }

    /// <summary>The command Sluice runs for this clip, with a fresh output and fonts folder per run.</summary>
    private static async Task<Func<int, IReadOnlyList<string>>> BareArgumentsAsync(
        BenchNode node,
        string clip,
        string folder
    )
    {
        var source = await node.Ffprobe.ProbeAsync(clip, CancellationToken.None);
        var options = new EncodeOptions();
        var plan = (
            (EncodeDecision.Run)
                EncodePlanner.Decide(
                    source,
                    "anime",
                    options.EffectiveProfiles(),
                    options.Preferences()
                )
        ).Plan;
        return run =>
            plan.ToArguments(
                    clip,
                    Path.Combine(folder, $"out-{run}.mp4"),
                    Directory.CreateDirectory(Path.Combine(folder, $"fonts-{run}")).FullName,
                    new Dictionary<string, string> { ["comment"] = $"sluice-item=bench-{run}" }
                )
                .ToArgumentList();
    }

    private static async Task BareAsync(IReadOnlyList<string> arguments)
    {
        var info = new ProcessStartInfo("ffmpeg")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"ffmpeg exited with {process.ExitCode}: {await stderr}"
            );
        }

        await stdout;
    }

    private static (TimeSpan, TimeSpan) Swap(TimeSpan sluice, TimeSpan bare) => (bare, sluice);

    /// <summary>Other work on the machine shows up in wall times; the figures say how busy it was.</summary>
    private static string LoadAverage() =>
        File.Exists("/proc/loadavg")
            ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3))
            : "unknown";

    private static TimeSpan Median(List<TimeSpan> times) =>
        times.Order().ElementAt(times.Count / 2);

    private static async Task<TimeSpan> TimeAsync(Func<Task> run)
    {
        var started = Stopwatch.GetTimestamp();
        await run();
        return Stopwatch.GetElapsedTime(started);
    }
}
