using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sluice.Testing;
using Sluice.Testing.Media;

namespace Sluice.Cli.Tests.EndToEnd;

/// <summary>The whole product as a user runs it: a real node process, real tools, a real sftp vault.</summary>
public sealed class PipelineSpecs
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory(Timeout = 300_000)]
    [MemberData(nameof(Dialects.Both), MemberType = typeof(Dialects))]
    public async Task Dropped_videos_go_through_all_six_stages_and_are_vaulted_and_announced(
        DialectKind dialect
    )
    {
        await using var rig = await PipelineRig.CreateAsync(dialect, null, Ct);
        var anime = await TestClips.CreateAsync(
            rig.Scratch,
            "[Fansub] Frieren - 07 [1080p].mkv",
            new ClipOptions { Subtitles = true, AttachFont = true },
            Ct
        );
        var movie = await TestClips.CreateAsync(
            rig.Scratch,
            "Big.Movie.2019.1080p.WEB.x264-GRP.mp4",
            new ClipOptions { Container = ClipContainer.Mp4 },
            Ct
        );
        var show = await TestClips.CreateAsync(
            rig.Scratch,
            "Some.Show.S02E03.720p.HDTV.x264-GRP.mkv",
            new ClipOptions(),
            Ct
        );
        await using var node = await rig.StartNodeAsync(Ct);

        rig.Drop(anime);
        rig.Drop(movie);
        rig.Drop(show, "Some Show Season 2/Some.Show.S02E03.720p.HDTV.x264-GRP.mkv");
        var items = await rig.WaitForItemsAsync(
            node,
            i => i.Count == 3 && i.All(x => x.GetProperty("state").GetString() == "notified"),
            TimeSpan.FromSeconds(120),
            Ct
        );

        var paths = items.ToDictionary(
            i => i.GetProperty("name").GetString()!,
            i => i.GetProperty("libraryPath").GetString()!
        );
        paths["[Fansub] Frieren - 07 [1080p].mkv"].ShouldStartWith("Shows/");
        paths["Big.Movie.2019.1080p.WEB.x264-GRP.mp4"].ShouldStartWith("Movies/");
        paths["Some.Show.S02E03.720p.HDTV.x264-GRP.mkv"].ShouldStartWith("Shows/");
        foreach (var path in paths.Values)
        {
            File.Exists(Path.Combine(rig.Library, path)).ShouldBeTrue(path);
            new FileInfo(Path.Combine(rig.VaultRoot, path)).Length.ShouldBe(
                new FileInfo(Path.Combine(rig.Library, path)).Length,
                path
            );
        }

        var vault = PipelineRig.FilesUnder(rig.VaultRoot);
        vault
            .Count(f => f.StartsWith("Encoded/", StringComparison.Ordinal))
            .ShouldBe(2, "the mkv files are encoded, the conforming mp4 is not");
        vault.ShouldAllBe(f => !Path.GetFileName(f).StartsWith('.'));
        PipelineRig.FilesUnder(rig.Incoming).ShouldBeEmpty();
        PipelineRig.FilesUnder(Path.Combine(rig.Data, "work")).ShouldBeEmpty();

        var discord = rig
            .Notify.Accepted.Where(r =>
                r.Route.StartsWith("/api/webhooks", StringComparison.Ordinal)
            )
            .ToList();
        discord.Count.ShouldBe(3);
        discord
            .Select(d =>
                d.Body.GetProperty("embeds")[0]
                    .GetProperty("footer")
                    .GetProperty("text")
                    .GetString()
            )
            .Distinct()
            .Count()
            .ShouldBe(3);
        var hooks = rig
            .Notify.Accepted.Where(r => r.Route.StartsWith("/hooks", StringComparison.Ordinal))
            .ToList();
        hooks.Count.ShouldBe(3);
        foreach (var hook in hooks)
        {
            var mac = Convert.ToHexStringLower(
                HMACSHA256.HashData("hook-secret"u8.ToArray(), Encoding.UTF8.GetBytes(hook.RawBody))
            );
            hook.Headers["X-Sluice-Signature"].ShouldBe($"sha256={mac}");
        }
    }

    [Theory(Timeout = 300_000)]
    [MemberData(nameof(Dialects.Both), MemberType = typeof(Dialects))]
    public async Task When_the_library_volume_is_short_finished_files_leave_the_disk_but_stay_in_the_vault(
        DialectKind dialect
    )
    {
        await using var rig = await PipelineRig.CreateAsync(
            dialect,
            config =>
                config["Tier"] = new JsonObject
                {
                    // Start below 99.9% free (always, on a disk holding these clips), stop at 100%.
                    ["LowWatermarkPercent"] = 99.9,
                    ["HighWatermarkPercent"] = 100,
                    ["MinResidency"] = "00:00:00",
                },
            Ct
        );
        var first = await TestClips.CreateAsync(
            rig.Scratch,
            "First.Show.S01E01.mp4",
            new ClipOptions { Container = ClipContainer.Mp4 },
            Ct
        );
        var second = await TestClips.CreateAsync(
            rig.Scratch,
            "First.Show.S01E02.mp4",
            new ClipOptions { Container = ClipContainer.Mp4, AudioLanguages = ["eng"] },
            Ct
        );
        await using var node = await rig.StartNodeAsync(Ct);
        rig.Drop(first);
        var done = (
            await rig.WaitForItemsAsync(
                node,
                i => i.Count == 1 && i[0].GetProperty("state").GetString() == "notified",
                TimeSpan.FromSeconds(60),
                Ct
            )
        )[0];
        var firstPath = done.GetProperty("libraryPath").GetString()!;
        File.Exists(Path.Combine(rig.Library, firstPath))
            .ShouldBeTrue("its own tier step keeps it: the item was still in the pipeline");

        rig.Drop(second);
        await rig.WaitForItemsAsync(
            node,
            i => i.Count == 2 && i.All(x => x.GetProperty("state").GetString() == "notified"),
            TimeSpan.FromSeconds(60),
            Ct
        );

        File.Exists(Path.Combine(rig.Library, firstPath))
            .ShouldBeFalse("the second item's tier step evicted the finished first");
        (await rig.VaultListingAsync(Ct)).Keys.ShouldContain(firstPath);
        var detail = await node.GetAsync($"/api/items/{done.GetProperty("id").GetString()}", Ct);
        detail
            .GetProperty("evicted")
            .EnumerateArray()
            .Select(e => e.GetString())
            .ShouldBe(["source"]);
        detail
            .GetProperty("timeline")
            .EnumerateArray()
            .Select(e => e.GetProperty("type").GetString())
            .ShouldContain("local-copy-evicted");
    }

    [Theory(Timeout = 300_000)]
    [MemberData(nameof(Dialects.Both), MemberType = typeof(Dialects))]
    public async Task The_timeline_shows_every_stage_and_ctl_prints_it(DialectKind dialect)
    {
        await using var rig = await PipelineRig.CreateAsync(dialect, null, Ct);
        var clip = await TestClips.CreateAsync(
            rig.Scratch,
            "Show.S01E01.mkv",
            new ClipOptions(),
            Ct
        );
        await using var node = await rig.StartNodeAsync(Ct);
        rig.Drop(clip);
        var item = (
            await rig.WaitForItemsAsync(
                node,
                i => i.Count == 1 && i[0].GetProperty("state").GetString() == "notified",
                TimeSpan.FromSeconds(60),
                Ct
            )
        )[0];
        var id = item.GetProperty("id").GetString()!;

        var (code, output) = await CtlAsync(rig, "item", "show", id[..8], "--json");

        code.ShouldBe(0);
        var detail = JsonDocument.Parse(output).RootElement;
        var types = detail
            .GetProperty("timeline")
            .EnumerateArray()
            .Select(e => e.GetProperty("type").GetString())
            .ToList();
        types.ShouldContain("discovered");
        types.ShouldContain("sanitized");
        types.ShouldContain("vaulted");
        types.ShouldContain("tiered");
        types.ShouldContain("encode-produced");
        types.ShouldContain("notification-sent");
        types[^1].ShouldBe("notified");
        var (listCode, list) = await CtlAsync(rig, "items", "ls", "--json");
        listCode.ShouldBe(0);
        var listed = JsonDocument.Parse(list).RootElement.EnumerateArray().ShouldHaveSingleItem();
        listed.GetProperty("id").GetString().ShouldBe(id);
        listed.GetProperty("state").GetString().ShouldBe("notified");
        listed.GetProperty("name").GetString().ShouldBe("Show.S01E01.mkv");
        (await CtlAsync(rig, "items", "ls", "--state", "failed", "--json"))
            .Output.Trim()
            .ShouldBe("[]");
        (await CtlAsync(rig, "item", "show", "ffffffff")).Code.ShouldBe(ExitCodes.NotFound);
    }

    [Theory(Timeout = 300_000)]
    [MemberData(nameof(Dialects.Both), MemberType = typeof(Dialects))]
    public async Task A_corrupt_file_ends_failed_with_its_reason_and_a_retry_runs_it_again(
        DialectKind dialect
    )
    {
        await using var rig = await PipelineRig.CreateAsync(dialect, null, Ct);
        var corrupt = Path.Combine(rig.Scratch, "Broken.Show.S01E02.mkv");
        // Not random bytes: now and then those hold something ffprobe reads as MPEG audio.
        await File.WriteAllTextAsync(
            corrupt,
            string.Concat(Enumerable.Repeat("this is not media. ", 10_000)),
            Ct
        );
        await using var node = await rig.StartNodeAsync(Ct);
        rig.Drop(corrupt);

        var failed = (
            await rig.WaitForItemsAsync(
                node,
                i => i.Count == 1 && i[0].GetProperty("state").GetString() == "failed",
                TimeSpan.FromSeconds(60),
                Ct
            )
        )[0];

        failed.GetProperty("step").GetString().ShouldBe("encode");
        failed
            .GetProperty("error")
            .GetString()
            .ShouldNotBeNull()
            .ShouldContain("could not be read as media");
        var kept = Path.Combine(rig.Library, failed.GetProperty("libraryPath").GetString()!);
        File.Exists(kept).ShouldBeTrue("a bad file is kept, never deleted");
        var (code, output) = await CtlAsync(
            rig,
            "item",
            "retry",
            failed.GetProperty("id").GetString()!
        );
        code.ShouldBe(0, output);
        var again = await rig.WaitForItemsAsync(
            node,
            i =>
                i[0].GetProperty("state").GetString() == "failed"
                && i[0].GetProperty("attempt").GetInt32() == 1
                && Retried(node, i[0]),
            TimeSpan.FromSeconds(60),
            Ct
        );
        again.ShouldHaveSingleItem();
        (await CtlAsync(rig, "item", "retry", "nothex!")).Code.ShouldBe(ExitCodes.Usage);
    }

    private static bool Retried(NodeProcess node, JsonElement item)
    {
        var detail = node.GetAsync(
                $"/api/items/{item.GetProperty("id").GetString()}",
                CancellationToken.None
            )
            .GetAwaiter()
            .GetResult();
        return detail
                .GetProperty("timeline")
                .EnumerateArray()
                .Count(e => e.GetProperty("type").GetString() == "quarantined") == 2;
    }

    /// <summary>Runs `sluice ctl --node API ARGS…` as a separate process, as a script would.</summary>
    public static async Task<(int Code, string Output)> CtlAsync(
        PipelineRig rig,
        params string[] args
    )
    {
        var (code, stdout, stderr) = await SluiceProcess.RunAsync(
            ["ctl", "--node", rig.Api.ToString(), .. args],
            ct: Ct
        );
        return (code, stdout + stderr);
    }
}
