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
        var (wrong, _, _) = await SluiceProcess.RunAsync(
            ["ctl", "--node", rig.Api.ToString(), "--token", "nope", "items", "ls"],
            ct: Ct
        );
        wrong.ShouldBe(ExitCodes.Refused);
        Environment.SetEnvironmentVariable("SLUICE_TOKEN", "s3cret-token");
        try
        {
            var (right, stdout, stderr) = await SluiceProcess.RunAsync(
                ["ctl", "--node", rig.Api.ToString(), "items", "ls", "--json"],
                ct: Ct
            );
            right.ShouldBe(0, stderr);
            stdout.Trim().ShouldBe("[]");
        }
        finally
        {
            Environment.SetEnvironmentVariable("SLUICE_TOKEN", null);
        }
    }
}
