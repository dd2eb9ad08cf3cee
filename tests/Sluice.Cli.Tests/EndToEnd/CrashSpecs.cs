using System.Diagnostics;
using System.Text.Json;
using Sluice.Testing;
using Sluice.Testing.Media;

namespace Sluice.Cli.Tests.EndToEnd;

/// <summary>
/// The engine's promise under the worst a machine does: a run of 50 files during which the node
/// is SIGKILLed at random moments and restarted. Nothing may be lost, vaulted twice, notified
/// twice, or left behind as a temp file.
/// </summary>
public sealed class CrashSpecs(ITestOutputHelper output)
{
    private const int Files = 50;
    private const int Kills = 5;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory(Timeout = 300_000)]
    [MemberData(nameof(Dialects.Both), MemberType = typeof(Dialects))]
    public async Task Fifty_files_survive_repeated_SIGKILLs_without_loss_duplicates_or_leftovers(
        DialectKind dialect
    )
    {
        var seed = Environment.TickCount;
        output.WriteLine($"random seed {seed}");
        var random = new Random(seed);
        await using var rig = await PipelineRig.CreateAsync(dialect, null, Ct);
        var prepared = await PrepareAsync(rig.Scratch);
        var batches = prepared.Chunk(Files / Kills).ToList();

        var node = await rig.StartNodeAsync(Ct);
        try
        {
            for (var kill = 0; kill < Kills; kill++)
            {
                foreach (var file in batches[kill])
                {
                    rig.Drop(file);
                }

                await Task.Delay(
                    TimeSpan.FromMilliseconds(random.Next(800, 3500)),
                    TimeProvider.System,
                    Ct
                );
                await node.KillAsync();
                output.WriteLine($"SIGKILL {kill + 1} of pid {node.Pid}");
                await node.DisposeAsync();
                node = await rig.StartNodeAsync(Ct);
            }

            var items = await rig.WaitForItemsAsync(
                node,
                i =>
                    i.Count == Files
                    && i.All(x => x.GetProperty("state").GetString() is "notified" or "failed"),
                TimeSpan.FromMinutes(5),
                Ct
            );
            items
                .Where(i => i.GetProperty("state").GetString() != "notified")
                .Select(i => $"{i.GetProperty("name")}: {i.GetProperty("error")}")
                .ShouldBeEmpty();

            var details = new List<JsonElement>();
            foreach (var item in items)
            {
                details.Add(
                    await node.GetAsync($"/api/items/{item.GetProperty("id").GetString()}", Ct)
                );
            }

            AssertVaultHoldsEachFileOnce(rig, details, await rig.VaultListingAsync(Ct));
            AssertNoLeftovers(rig);
            AssertAnnouncedAtMostOnce(rig, details);
        }
        finally
        {
            await node.DisposeAsync();
        }
    }

    private static void AssertVaultHoldsEachFileOnce(
        PipelineRig rig,
        List<JsonElement> details,
        IReadOnlyDictionary<string, long> vault
    )
    {
        var expected = new List<string>();
        foreach (var detail in details)
        {
            expected.Add(detail.GetProperty("summary").GetProperty("libraryPath").GetString()!);
            if (
                detail.TryGetProperty("output", out var produced)
                && produced.ValueKind == JsonValueKind.Object
            )
            {
                expected.Add(produced.GetProperty("libraryPath").GetString()!);
            }
        }

        PipelineRig
            .FilesUnder(rig.VaultRoot)
            .ShouldBe(expected.Order(StringComparer.Ordinal).ToList());
        foreach (var path in expected)
        {
            new FileInfo(Path.Combine(rig.VaultRoot, path)).Length.ShouldBe(
                new FileInfo(Path.Combine(rig.Library, path)).Length,
                path
            );
        }
    }

    private static void AssertNoLeftovers(PipelineRig rig)
    {
        var everywhere = PipelineRig
            .FilesUnder(rig.Data)
            .Concat(PipelineRig.FilesUnder(rig.VaultRoot));
        everywhere
            .Where(f => Path.GetFileName(f).StartsWith(".sluice-tmp", StringComparison.Ordinal))
            .ShouldBeEmpty();
        PipelineRig.FilesUnder(Path.Combine(rig.Data, "work")).ShouldBeEmpty();
        PipelineRig.FilesUnder(rig.Incoming).ShouldBeEmpty();
        PipelineRig.FilesUnder(Path.Combine(rig.Data, "duplicates")).ShouldBeEmpty();
    }

    /// <summary>
    /// Each item and channel is announced once. The one exception the design allows: a node
    /// killed in the instant of sending leaves the delivery unknown; it is then journaled as
    /// unconfirmed and not repeated, so a message may be missing but never doubled.
    /// </summary>
    private void AssertAnnouncedAtMostOnce(PipelineRig rig, List<JsonElement> details)
    {
        var discord = rig
            .Notify.Accepted.Where(r =>
                r.Route.StartsWith("/api/webhooks", StringComparison.Ordinal)
            )
            .GroupBy(r =>
                r
                    .Body.GetProperty("embeds")[0]
                    .GetProperty("footer")
                    .GetProperty("text")
                    .GetString()!
                    .Split(' ')[^1]
            )
            .ToDictionary(g => g.Key, g => g.Count());
        var hooks = rig
            .Notify.Accepted.Where(r => r.Route.StartsWith("/hooks", StringComparison.Ordinal))
            .GroupBy(r => r.Headers["Idempotency-Key"])
            .ToDictionary(g => g.Key, g => g.Count());
        var unconfirmed = 0;
        foreach (var detail in details)
        {
            var id = detail.GetProperty("summary").GetProperty("id").GetString()!;
            var unsure = detail
                .GetProperty("timeline")
                .EnumerateArray()
                .Where(e =>
                    e.GetProperty("type").GetString() == "notification-sent"
                    && e.GetProperty("data").TryGetProperty("unconfirmed", out var u)
                    && u.GetBoolean()
                )
                .Select(e => e.GetProperty("data").GetProperty("channel").GetString())
                .ToHashSet();
            unconfirmed += unsure.Count;
            discord.GetValueOrDefault(id).ShouldBeLessThanOrEqualTo(1, id);
            hooks.GetValueOrDefault($"{id}:webhook:hook").ShouldBeLessThanOrEqualTo(1, id);
            if (!unsure.Contains("discord:announce"))
            {
                discord.GetValueOrDefault(id).ShouldBe(1, id);
            }

            if (!unsure.Contains("webhook:hook"))
            {
                hooks.GetValueOrDefault($"{id}:webhook:hook").ShouldBe(1, id);
            }
        }

        output.WriteLine(
            $"{unconfirmed} deliveries cut short by a kill and recorded as unconfirmed"
        );
    }

    /// <summary>50 distinct files from three clips: an anime episode with subtitles, a TV episode, a movie.</summary>
    private static async Task<List<string>> PrepareAsync(string scratch)
    {
        var bases = Directory.CreateDirectory(Path.Combine(scratch, "bases")).FullName;
        var anime = await TestClips.CreateAsync(
            bases,
            "anime.mkv",
            new ClipOptions { Subtitles = true, AttachFont = true },
            Ct
        );
        var tv = await TestClips.CreateAsync(bases, "tv.mkv", new ClipOptions(), Ct);
        var movie = await TestClips.CreateAsync(
            bases,
            "movie.mp4",
            new ClipOptions { Container = ClipContainer.Mp4 },
            Ct
        );
        var words = new[]
        {
            "Alpha",
            "Bravo",
            "Charlie",
            "Delta",
            "Echo",
            "Foxtrot",
            "Golf",
            "Hotel",
            "India",
            "Juliet",
            "Kilo",
            "Lima",
            "Mike",
            "November",
            "Oscar",
            "Papa",
            "Quebec",
        };
        var files = new List<string>();
        var tasks = new List<Task>();
        for (var i = 0; i < Files; i++)
        {
            var word = words[i % words.Length];
            var (source, name) = (i % 3) switch
            {
                0 => (anime, $"[Fansub] {word} Chronicles - {i + 1:00} [720p].mkv"),
                1 => (tv, $"{word}.Street.S01E{i + 1:00}.720p.WEB.x264-GRP.mkv"),
                _ => (movie, $"The.{word}.Affair.{1950 + i}.1080p.BluRay.x264-GRP.mp4"),
            };
            var target = Path.Combine(scratch, name);
            files.Add(target);
            tasks.Add(VariantAsync(source, target, i));
        }

        await Task.WhenAll(tasks);
        return files;
    }

    /// <summary>The same streams with a different tag: different bytes, so a different item.</summary>
    private static async Task VariantAsync(string source, string target, int n)
    {
        var start = new ProcessStartInfo("ffmpeg")
        {
            UseShellExecute = false,
            RedirectStandardError = true,
        };
        foreach (
            var arg in new[]
            {
                "-hide_banner",
                "-loglevel",
                "error",
                "-i",
                source,
                "-map",
                "0",
                "-c",
                "copy",
                "-metadata",
                $"comment=variant {n}",
                target,
            }
        )
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var error = await process.StandardError.ReadToEndAsync(Ct);
        await process.WaitForExitAsync(Ct);
        process.ExitCode.ShouldBe(0, error);
    }
}
