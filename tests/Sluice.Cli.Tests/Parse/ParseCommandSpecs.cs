using System.Text.Json;

namespace Sluice.Cli.Tests.Parse;

public sealed class ParseCommandSpecs
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact(Timeout = 300_000)]
    public async Task Json_from_stdin_prints_one_object_per_name_with_the_corpus_keys()
    {
        var names =
            "[SubsPlease] Frieren - 07 (1080p) [ABCD1234].mkv\nThe.Show.S02E03E04.720p.WEB-DL.x264-GRP.mkv\nSome.Movie.2019.1080p.BluRay.x265-GRP.mkv\n";

        var (code, stdout, stderr) = await SluiceProcess.RunAsync(
            ["parse", "--json", "-"],
            names,
            ct: Ct
        );

        code.ShouldBe(0, stderr);
        var lines = stdout
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonDocument.Parse(l).RootElement)
            .ToList();
        lines.Count.ShouldBe(3);
        lines[0].GetProperty("title").GetString().ShouldBe("Frieren");
        lines[0].GetProperty("release_group").GetString().ShouldBe("SubsPlease");
        lines[1].GetProperty("season").GetInt32().ShouldBe(2);
        lines[1]
            .GetProperty("episodes")
            .EnumerateArray()
            .Select(e => e.GetInt32())
            .ShouldBe([3, 4]);
        lines[1].GetProperty("kind").GetString().ShouldBe("episode");
        lines[2].GetProperty("year").GetInt32().ShouldBe(2019);
        lines[2].GetProperty("kind").GetString().ShouldBe("movie");
        lines[2].GetProperty("video_codec").GetString().ShouldBe("h265");
        lines[2].TryGetProperty("season", out _).ShouldBeFalse("keys not found are omitted");
    }

    [Fact(Timeout = 300_000)]
    public async Task Names_as_arguments_print_a_readable_parse_with_the_destination()
    {
        var (code, stdout, _) = await SluiceProcess.RunAsync(
            ["parse", "The.Show.S02E03.720p.WEB-DL.x264-GRP.mkv"],
            ct: Ct
        );

        code.ShouldBe(0);
        stdout.ShouldContain("Shows/The Show/Season 02/The Show - S02E03.mkv");
    }

    [Fact(Timeout = 300_000)]
    public async Task The_destination_follows_the_templates_of_a_node_configuration()
    {
        using var dir = new Sluice.Testing.TempDirectory("sluice-parse");
        await File.WriteAllTextAsync(
            dir.Combine("node.json"),
            "{\"Naming\":{\"Show\":\"Shows/{Title}/S{Season:00}/{Title} {Season}x{Episode:00}\"}}",
            Ct
        );

        var (code, stdout, stderr) = await SluiceProcess.RunAsync(
            [
                "parse",
                "--config",
                dir.Combine("node.json"),
                "The.Show.S02E03.720p.WEB-DL.x264-GRP.mkv",
            ],
            ct: Ct
        );

        code.ShouldBe(0, stderr);
        stdout.ShouldContain("Shows/The Show/S02/The Show 2x03.mkv");
    }

    [Fact(Timeout = 300_000)]
    public async Task A_bad_template_is_named()
    {
        using var dir = new Sluice.Testing.TempDirectory("sluice-parse");
        await File.WriteAllTextAsync(
            dir.Combine("node.json"),
            "{\"Naming\":{\"Movie\":\"Movies/{Titel}\"}}",
            Ct
        );

        var (code, _, stderr) = await SluiceProcess.RunAsync(
            ["parse", "--config", dir.Combine("node.json"), "x.mkv"],
            ct: Ct
        );

        code.ShouldBe(ExitCodes.Usage);
        stderr.ShouldContain("{Titel}");
    }
}
