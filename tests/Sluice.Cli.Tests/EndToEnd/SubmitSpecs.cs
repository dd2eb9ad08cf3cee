using System.Text.Json;
using Sluice.Testing;
using Sluice.Testing.Media;

namespace Sluice.Cli.Tests.EndToEnd;

/// <summary>`ctl submit` against a real node process, with a real sftp vault, ffmpeg and the Discord stand-in.</summary>
public sealed class SubmitSpecs
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private const string Episode = "Shows/Frieren/Season 01/Frieren - S01E07.mkv";

    private static Task<(int Code, string Stdout, string Stderr)> CtlAsync(
        PipelineRig rig,
        params string[] args
    ) => SluiceProcess.RunAsync(["ctl", "--node", rig.Api.ToString(), .. args], ct: Ct);

    [Theory(Timeout = 300_000)]
    [MemberData(nameof(Dialects.Both), MemberType = typeof(Dialects))]
    public async Task A_file_only_in_the_vault_submitted_at_encode_is_fetched_encoded_and_announced(
        DialectKind dialect
    )
    {
        await using var rig = await PipelineRig.CreateAsync(dialect, null, Ct);
        var clip = await TestClips.CreateAsync(
            rig.Scratch,
            "Frieren - S01E07.mkv",
            new ClipOptions { Subtitles = true, AttachFont = true },
            Ct
        );
        var inVault = Path.Combine(rig.VaultRoot, Episode);
        Directory.CreateDirectory(Path.GetDirectoryName(inVault)!);
        File.Copy(clip, inVault);
        await using var node = await rig.StartNodeAsync(Ct);

        var (code, stdout, stderr) = await CtlAsync(
            rig,
            "submit",
            $"sftp:{Episode}",
            "--stage",
            "encode",
            "--json"
        );

        code.ShouldBe(0, stderr);
        var answer = JsonDocument.Parse(stdout).RootElement;
        answer.GetProperty("created").GetBoolean().ShouldBeTrue();
        var id = answer.GetProperty("item").GetProperty("id").GetString()!;
        await rig.WaitForItemsAsync(
            node,
            i => i.Count == 1 && i[0].GetProperty("state").GetString() == "notified",
            TimeSpan.FromSeconds(120),
            Ct
        );
        var detail = await node.GetAsync($"/api/items/{id}", Ct);
        var types = detail
            .GetProperty("timeline")
            .EnumerateArray()
            .Select(e => e.GetProperty("type").GetString())
            .ToList();
        types[0].ShouldBe("submitted");
        types.ShouldContain("encode-produced");
        types.ShouldNotContain("sanitized");
        detail
            .GetProperty("output")
            .GetProperty("profile")
            .GetString()
            .ShouldBe("hardsub", "ffmpeg burned in the subtitle of the copy it fetched");
        var encoded = detail.GetProperty("output").GetProperty("libraryPath").GetString()!;
        (await rig.VaultListingAsync(Ct)).Keys.ShouldContain(encoded);
        File.Exists(Path.Combine(rig.Library, Episode))
            .ShouldBeFalse(
                "the source stays in the vault; only the encode's scratch copy was local"
            );
        PipelineRig.FilesUnder(Path.Combine(rig.Data, "work")).ShouldBeEmpty();
        var discord = rig
            .Notify.Accepted.Where(r =>
                r.Route.StartsWith("/api/webhooks/", StringComparison.Ordinal)
            )
            .ShouldHaveSingleItem();
        discord.Body.GetProperty("embeds")[0].GetRawText().ShouldContain("Frieren");

        var (againCode, again, _) = await CtlAsync(rig, "submit", $"sftp:{Episode}");

        againCode.ShouldBe(0);
        again.ShouldContain($"{id}: already submitted");
        (await node.GetAsync("/api/items", Ct)).GetArrayLength().ShouldBe(1);
    }
}
