using System.Diagnostics;
using System.Text.Json.Nodes;
using Sluice.Cli.Run;
using Sluice.Testing;

namespace Sluice.Cli.Tests.Run;

public sealed class RunCommandSpecs
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact(Timeout = 300_000)]
    public async Task Run_with_no_arguments_keeps_everything_under_data_and_says_where_to_drop_files()
    {
        using var cwd = new TempDirectory("sluice-run");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = cwd.Path,
        };
        start.ArgumentList.Add(SluiceProcess.Dll);
        start.ArgumentList.Add("run");
        using var process = Process.Start(start)!;
        try
        {
            var banner = "";
            while (await process.StandardOutput.ReadLineAsync(Ct) is { } line)
            {
                if (line.Contains("Drop files into:", StringComparison.Ordinal))
                {
                    banner = line;
                    break;
                }
            }

            banner.ShouldEndWith(Path.Combine(cwd.Path, "data", "incoming"));
            string? dashboard = null;
            while (await process.StandardOutput.ReadLineAsync(Ct) is { } line)
            {
                if (line.Contains("Dashboard:", StringComparison.Ordinal))
                {
                    dashboard = line;
                    break;
                }
            }

            dashboard.ShouldNotBeNull().Trim().ShouldBe("Dashboard: http://127.0.0.1:5480/");
            foreach (var folder in new[] { "incoming", "library", "work" })
            {
                Directory.Exists(cwd.Combine("data", folder)).ShouldBeTrue(folder);
            }

            File.Exists(cwd.Combine("data", "sluice.db")).ShouldBeTrue();
            using var http = new HttpClient();
            (
                await http.GetAsync("http://127.0.0.1:5480/api/health", Ct)
            ).IsSuccessStatusCode.ShouldBeTrue();
        }
        finally
        {
            // With its rclone daemon: a SIGKILLed node cannot stop it, and nothing restarts here.
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(Ct);
        }
    }

    [Theory(Timeout = 300_000)]
    [InlineData("{\"Stages\":{\"Encode\":{\"Concurrency\":0}}}", "Stages:Encode:Concurrency")]
    [InlineData("{\"Api\":{\"Listen\":\"0.0.0.0:5999\"}}", "Api:Listen")]
    [InlineData("{\"Stages\":{\"Encode\":{\"Concurency\":1}}}", "Concurency")]
    [InlineData("{\"Tier\":{\"LowWatermarkPercent\":\"lots\"}}", "LowWatermarkPercent")]
    [InlineData(
        "{\"Naming\":{\"Show\":\"Shows/{Title}/Season {Sesaon:00}/{Title} - S{Season:00}E{Episode:00}\"}}",
        "Naming:Show"
    )]
    [InlineData("{\"Node\":{\"Roles\":[\"ingest\",\"encode\"]}}", "Node:Roles")]
    [InlineData(
        "{\"Encode\":{\"Profiles\":[{\"Name\":\"hevc\",\"Action\":\"Transcode\",\"Preset\":\"quick\"}]}}",
        "Encode:Profiles:0:Preset"
    )]
    public async Task A_bad_config_stops_the_node_with_a_message_naming_the_key(
        string json,
        string key
    )
    {
        using var dir = new TempDirectory("sluice-config");
        var config = JsonNode.Parse(json)!.AsObject();
        config["Paths"] = new JsonObject { ["Data"] = dir.Combine("data") };
        await File.WriteAllTextAsync(dir.Combine("node.json"), config.ToJsonString(), Ct);

        var (code, _, stderr) = await SluiceProcess.RunAsync(
            ["run", "--config", dir.Combine("node.json")],
            ct: Ct
        );

        code.ShouldBe(ExitCodes.Usage);
        stderr.ShouldContain(key);
    }

    [Fact(Timeout = 300_000)]
    public async Task A_missing_config_file_is_named()
    {
        var (code, _, stderr) = await SluiceProcess.RunAsync(
            ["run", "--config", "/nonexistent/node.json"],
            ct: Ct
        );

        code.ShouldBe(ExitCodes.Usage);
        stderr.ShouldContain("/nonexistent/node.json");
    }

    [Fact(Timeout = 300_000)]
    public async Task Without_root_a_missing_tool_stops_the_node_with_the_exact_install_command()
    {
        var error = new StringWriter();
        var preflight = new ToolPreflight(isRoot: false, TextWriter.Null, error);

        var ok = await preflight.EnsureAsync(["/nonexistent/ffprobe", "/nonexistent/rclone"], Ct);

        ok.ShouldBeFalse();
        error.ToString().ShouldContain("sudo apt-get install -y ffmpeg rclone");
    }

    [Fact(Timeout = 300_000)]
    public async Task Tools_on_the_path_need_nothing()
    {
        var preflight = new ToolPreflight(isRoot: false, TextWriter.Null, TextWriter.Null);

        (await preflight.EnsureAsync(["ffmpeg", "ffprobe", "rclone"], Ct)).ShouldBeTrue();
    }
}
