using System.Text.Json;
using Sluice.Node.Tests.Api;
using Sluice.Testing;
using Sluice.Testing.Rclone;
using Sluice.Testing.Union;
using Sluice.Tools.Mounts;
using static Sluice.Cli.Tests.Ctl.CtlItemsSpecs;

namespace Sluice.Cli.Tests.Ctl;

/// <summary>`ctl mounts` against a real node that supervises a real rclone mount and mergerfs union.</summary>
public sealed class CtlMountsSpecs
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static IEnumerable<string> NodesOf(JsonElement answer) =>
        answer
            .GetProperty("mounts")
            .EnumerateArray()
            .Select(m => m.GetProperty("node").GetString()!);

    [Fact]
    public async Task Ctl_mounts_shows_each_supervised_mount_a_failing_one_pauses_its_stage_visibly_and_all_shows_other_nodes()
    {
        FuseTools.Require();
        using var home = new TempDirectory("sluice-ctl-mounts");
        using var sftp = await RcloneSftpServer.StartAsync(Ct);
        var library = home.Sub("library");
        string vault = home.Combine("vault"),
            union = home.Combine("union");
        await using (
            var api = await ApiHost.StartAsync(
                new Dictionary<string, string?>
                {
                    ["Vault:RcloneConfig"] = sftp.ConfigPath,
                    ["Mounts:ProbeInterval"] = "00:00:01",
                    ["Mounts:Rclone:0:Name"] = "vault",
                    ["Mounts:Rclone:0:Remote"] = "vault:Media",
                    ["Mounts:Rclone:0:Path"] = vault,
                    ["Mounts:Rclone:0:CacheDir"] = home.Combine("cache"),
                    ["Mounts:Rclone:1:Name"] = "broken",
                    ["Mounts:Rclone:1:Remote"] = "nosuch:Media",
                    ["Mounts:Rclone:1:Path"] = home.Combine("broken"),
                    ["Mounts:Rclone:1:CacheDir"] = home.Combine("cache-broken"),
                    ["Mounts:Rclone:1:Stages:0"] = "tier",
                    ["Mounts:Union:Path"] = union,
                    ["Mounts:Union:Branches:0"] = $"{library}=RW",
                    ["Mounts:Union:Branches:1"] = $"{vault}=RO",
                }
            )
        )
        {
            JsonElement Mount(JsonElement answer, string name) =>
                answer
                    .GetProperty("mounts")
                    .EnumerateArray()
                    .Single(m => m.GetProperty("name").GetString() == name);
            string State(JsonElement answer, string name) =>
                Mount(answer, name).GetProperty("state").GetString()!;
            var settled = await Eventually.TrueWithinAsync(
                () =>
                {
                    var answer = api.GetJsonAsync("/api/mounts").GetAwaiter().GetResult();
                    return State(answer, "vault") == "healthy"
                        && State(answer, "union") == "healthy"
                        && Mount(answer, "broken").GetProperty("restarts").GetInt32() >= 1;
                },
                TimeSpan.FromSeconds(60),
                Ct
            );
            settled.ShouldBeTrue((await api.GetJsonAsync("/api/mounts")).ToString());

            var (code, stdout, stderr) = await CtlAsync(api, "mounts", "--json");
            code.ShouldBe(ExitCodes.Unhealthy, stderr);
            var shown = JsonDocument.Parse(stdout).RootElement;
            shown.GetProperty("node").GetString().ShouldBe("api");
            var vaultMount = Mount(shown, "vault");
            vaultMount.GetProperty("kind").GetString().ShouldBe("rclone");
            vaultMount.GetProperty("path").GetString().ShouldBe(vault);
            vaultMount.GetProperty("pid").GetInt32().ShouldBeGreaterThan(0);
            var unionMount = Mount(shown, "union");
            unionMount.GetProperty("dependsOn")[0].GetString().ShouldBe("vault");
            unionMount.GetProperty("lastError").ValueKind.ShouldBe(JsonValueKind.Null);
            var broken = Mount(shown, "broken");
            broken.GetProperty("state").GetString().ShouldBeOneOf("restarting", "starting");
            broken.GetProperty("lastError").GetString().ShouldNotBeNull().ShouldContain("nosuch");

            var (tableCode, table, _) = await CtlAsync(api, "mounts");
            tableCode.ShouldBe(ExitCodes.Unhealthy);
            table.ShouldContain("mounts of node api");
            table.ShouldContain("healthy");
            table.ShouldContain("broken");
            table.ShouldContain("nosuch", customMessage: table);

            // Every node publishes its own to the shared database; --all shows the others' too.
            (
                await Eventually.TrueWithinAsync(
                    () =>
                        api
                            .Store.MountsAsync(Ct)
                            .GetAwaiter()
                            .GetResult()
                            .Any(m => m is { Node: "api", Name: "union", State: "healthy" }),
                    TimeSpan.FromSeconds(30),
                    Ct
                )
            ).ShouldBeTrue();
            await api.Store.PublishMountsAsync(
                "vps",
                [
                    new(
                        "vps",
                        "cache",
                        "rclone",
                        "/mnt/cache",
                        "healthy",
                        7,
                        0,
                        DateTimeOffset.UnixEpoch,
                        null,
                        null
                    ),
                ],
                Ct
            );
            NodesOf(
                    JsonDocument.Parse((await CtlAsync(api, "mounts", "--json")).Stdout).RootElement
                )
                .ShouldNotContain("vps");
            var (allCode, allJson, _) = await CtlAsync(api, "mounts", "--all", "--json");
            allCode.ShouldBe(ExitCodes.Unhealthy);
            var everyNode = JsonDocument.Parse(allJson).RootElement;
            NodesOf(everyNode).ShouldBe(["api", "api", "api", "vps"], ignoreOrder: true);
            var remote = everyNode
                .GetProperty("mounts")
                .EnumerateArray()
                .Single(m => m.GetProperty("node").GetString() == "vps");
            remote.GetProperty("publishedAt").ValueKind.ShouldBe(JsonValueKind.String);
            vaultMount
                .GetProperty("publishedAt")
                .ValueKind.ShouldBe(JsonValueKind.Null, "this node's own are live");
            var (_, allTable, _) = await CtlAsync(api, "mounts", "--all");
            allTable.ShouldContain("mounts of every node");
            allTable.ShouldContain("vps");
            allTable.ShouldContain("as of");

            var health = await api.GetJsonAsync("/api/health");
            health
                .GetProperty("pausedHere")
                .GetProperty("tier")
                .GetString()
                .ShouldNotBeNull()
                .ShouldContain("mount broken");
            MountTable.TypeAt(union).ShouldBe("fuse.mergerfs");
        }

        MountTable.IsMounted(union).ShouldBeFalse("the node unmounts its union when it stops");
        MountTable.IsMounted(vault).ShouldBeFalse();
    }
}
