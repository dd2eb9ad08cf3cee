using System.Net;

namespace Sluice.Cli.Tests.EndToEnd;

public sealed class ApiAuthSpecs
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact(Timeout = 300_000)]
    public async Task With_a_token_set_the_api_refuses_requests_without_it_and_ctl_sends_it_from_SLUICE_TOKEN()
    {
        await using var rig = await PipelineRig.CreateAsync(
            c => c["Api"]!["Token"] = "s3cret-token",
            Ct
        );
        await using var node = await rig.StartNodeAsync(Ct);

        (await node.Http.GetAsync("/api/items", Ct)).StatusCode.ShouldBe(
            HttpStatusCode.Unauthorized
        );
        (await node.Http.GetAsync("/metrics", Ct)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        var (wrong, _, wrongError) = await SluiceProcess.RunAsync(
            ["ctl", "--node", rig.Api.ToString(), "--token", "nope", "items", "ls"],
            ct: Ct
        );
        wrong.ShouldBe(ExitCodes.Refused);
        wrongError.ShouldContain("token");
        wrongError.ShouldNotContain("s3cret-token");
        var (right, stdout, stderr) = await SluiceProcess.RunAsync(
            ["ctl", "--node", rig.Api.ToString(), "items", "ls", "--json"],
            ct: Ct,
            environment: new Dictionary<string, string?> { ["SLUICE_TOKEN"] = "s3cret-token" }
        );
        right.ShouldBe(0, stderr);
        stdout.Trim().ShouldBe("[]");
    }

    [Fact(Timeout = 300_000)]
    public async Task A_node_listening_beyond_loopback_refuses_to_start_without_a_token_and_starts_with_SLUICE_TOKEN()
    {
        await using var rig = await PipelineRig.CreateAsync(
            c =>
                c["Api"]!["Listen"] =
                    $"0.0.0.0:{c["Api"]!["Listen"]!.GetValue<string>().Split(':')[1]}",
            Ct
        );

        var (code, _, stderr) = await SluiceProcess.RunAsync(
            ["run", "--config", rig.ConfigFile],
            ct: Ct
        );

        code.ShouldBe(ExitCodes.Usage);
        stderr.ShouldContain("Api:Listen");
        stderr.ShouldContain("SLUICE_TOKEN");
        var shared = new Dictionary<string, string?> { ["SLUICE_TOKEN"] = "shared-s3cret" };
        await using var node = await rig.Node.StartAsync(Ct, shared);
        (await node.Http.GetAsync("/api/items", Ct)).StatusCode.ShouldBe(
            HttpStatusCode.Unauthorized
        );
        var (listed, stdout, listError) = await SluiceProcess.RunAsync(
            ["ctl", "--node", rig.Api.ToString(), "items", "ls", "--json"],
            ct: Ct,
            environment: shared
        );
        listed.ShouldBe(0, listError);
        stdout.Trim().ShouldBe("[]");
        File.ReadAllText(rig.LogFile).ShouldNotContain("shared-s3cret");
    }
}
