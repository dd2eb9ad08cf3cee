using System.Diagnostics;
using System.Text.Json;
using Sluice.Node.Tests.Api;
using Sluice.Testing;

namespace Sluice.Cli.Tests.Ctl;

/// <summary>`ctl submit` as scripts and people run it, against a real node in this process.</summary>
public sealed class CtlSubmitSpecs
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Ctl_submit_prints_the_item_and_whether_it_was_new_and_takes_a_path_relative_to_here()
    {
        await using var api = await ApiHost.StartAsync(roles: "notify");
        var folder = Path.Combine(api.Data, "library", "Movies", "Big Movie (2019)");
        Directory.CreateDirectory(folder);
        await File.WriteAllBytesAsync(
            Path.Combine(folder, "Big Movie (2019).mkv"),
            [1, 2, 3, 4],
            Ct
        );

        var (code, stdout, stderr) = await SluiceProcess.RunAsync(
            [
                "ctl",
                "--node",
                api.Address.ToString(),
                "submit",
                "Big Movie (2019).mkv",
                "--stage",
                "notify",
            ],
            workingDirectory: folder,
            ct: Ct
        );
        var (againCode, again, _) = await CtlItemsSpecs.CtlAsync(
            api,
            "submit",
            Path.Combine(folder, "Big Movie (2019).mkv"),
            "--stage",
            "notify",
            "--json"
        );

        code.ShouldBe(0, stderr);
        stdout.ShouldContain("new item Big Movie (2019).mkv, enters at notify");
        againCode.ShouldBe(0);
        var answer = JsonDocument.Parse(again).RootElement;
        answer.GetProperty("created").GetBoolean().ShouldBeFalse();
        stdout.ShouldStartWith(answer.GetProperty("item").GetProperty("id").GetString()!);
    }

    [Fact]
    public async Task Ctl_submit_refuses_a_path_outside_the_roots_with_the_reason_and_a_failing_exit_code()
    {
        await using var api = await ApiHost.StartAsync(roles: "notify");

        var (code, stdout, stderr) = await CtlItemsSpecs.CtlAsync(api, "submit", "/etc/passwd");
        var (missing, _, why) = await CtlItemsSpecs.CtlAsync(api, "submit", "local:Shows/Gone.mkv");

        code.ShouldBe(1);
        stdout.ShouldBeEmpty();
        stderr.ShouldContain("/etc/passwd is outside the folders Sluice takes files from");
        missing.ShouldBe(3, "not found");
        why.ShouldContain("No file at local:Shows/Gone.mkv");
    }

    [Fact]
    public async Task The_example_submit_script_submits_with_the_token_and_fails_with_the_reason()
    {
        await using var api = await ApiHost.StartAsync(roles: "notify", token: "s3cret");
        var file = Path.Combine(
            api.Data,
            "library",
            "Movies",
            "Big Movie (2019)",
            "Big Movie (2019).mkv"
        );
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        await File.WriteAllBytesAsync(file, [1, 2, 3, 4], Ct);

        var first = await ScriptAsync(api, "s3cret", file, "notify");
        var again = await ScriptAsync(api, "s3cret", file, "notify");
        var outside = await ScriptAsync(api, "s3cret", "/etc/passwd", "");
        var wrongToken = await ScriptAsync(api, "guess", file, "notify");

        first.Code.ShouldBe(0, first.Stderr);
        JsonDocument
            .Parse(first.Stdout)
            .RootElement.GetProperty("created")
            .GetBoolean()
            .ShouldBeTrue();
        again.Code.ShouldBe(0, again.Stderr);
        JsonDocument
            .Parse(again.Stdout)
            .RootElement.GetProperty("created")
            .GetBoolean()
            .ShouldBeFalse();
        outside.Code.ShouldBe(22, "curl --fail-with-body");
        outside.Stdout.ShouldContain("outside the folders Sluice takes files from");
        wrongToken.Code.ShouldBe(22);
        wrongToken.Stdout.ShouldContain("bearer token");
    }

    private static async Task<(int Code, string Stdout, string Stderr)> ScriptAsync(
        ApiHost api,
        string token,
        string source,
        string stage
    )
    {
        var info = new ProcessStartInfo("sh")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (
            var arg in new[]
            {
                Path.Combine(RepositoryPaths.Root, "deploy", "ingress", "submit.sh"),
                source,
                stage,
            }
        )
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["SLUICE_NODE"] = api.Address.ToString().TrimEnd('/');
        info.Environment["SLUICE_TOKEN"] = token;
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync(Ct);
        var stderr = process.StandardError.ReadToEndAsync(Ct);
        await process.WaitForExitAsync(Ct);
        return (process.ExitCode, await stdout, await stderr);
    }
}
