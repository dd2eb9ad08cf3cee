using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sluice.Node.Configuration;
using Sluice.Node.Hosting;
using Sluice.Testing;
using Sluice.Testing.Rclone;
using Sluice.Testing.Union;
using Sluice.Tools.Mounts;

namespace Sluice.Cli.Tests.EndToEnd;

/// <summary>A real `sluice run` that owns an rclone mount and a mergerfs union, SIGKILLed and started again, then stopped with Ctrl-C.</summary>
public sealed class MountCrashSpecs
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact(Timeout = 180_000)]
    public async Task A_node_killed_with_its_mounts_up_clears_them_at_its_next_start_and_a_graceful_stop_unmounts_everything()
    {
        FuseTools.Require();
        using var root = new TempDirectory("sluice-mount-crash");
        using var sftp = await RcloneSftpServer.StartAsync(Ct);
        var vaulted = Path.Combine(sftp.RootDirectory, "Media", "Shows", "A.S01E01.mkv");
        Directory.CreateDirectory(Path.GetDirectoryName(vaulted)!);
        await File.WriteAllTextAsync(vaulted, "only in the vault", Ct);
        var node = new RigNode("mounts", root.Path, FreePort());
        string vault = root.Combine("vault"),
            union = root.Combine("union");
        await node.WriteConfigAsync(Config(node, sftp, vault, union), Ct);
        var tag = EngineRegistration.OwnerTag(
            NodePaths.From(new PathsOptions { Data = node.Data })
        );

        await using var first = await node.StartAsync(Ct);
        var before = await HealthyPidsAsync(first, node);
        await first.KillAsync(); // SIGKILL the node alone: its daemons live on, orphaned, still mounted

        before.ShouldAllBe(pid => LinuxProcesses.IsRunning(pid));
        MountTable.TypeAt(union).ShouldBe("fuse.mergerfs");

        await using var second = await node.StartAsync(Ct);
        var after = await HealthyPidsAsync(second, node);

        after.ShouldNotContain(pid => before.Contains(pid));
        before.ShouldAllBe(pid => !LinuxProcesses.IsRunning(pid), "the orphans were stopped");
        MountsAt(vault).ShouldBe(1, "the dead mount was cleared, not stacked on");
        (await File.ReadAllTextAsync(node.LogFile, Ct)).ShouldContain(
            $"Clearing a stale mount at {vault}"
        );
        MountsAt(union).ShouldBe(1);
        (await File.ReadAllTextAsync(Path.Combine(union, "Shows", "A.S01E01.mkv"), Ct)).ShouldBe(
            "only in the vault"
        );

        (await second.InterruptAsync(Ct)).ShouldBe(0, node.Tail());

        MountsAt(union).ShouldBe(0, node.Tail());
        MountsAt(vault).ShouldBe(0);
        LinuxProcesses
            .WithEnvironmentEntry($"SLUICE_OWNER={tag}")
            .ShouldBeEmpty("no mount daemon outlives a graceful stop");
    }

    private static JsonObject Config(
        RigNode node,
        RcloneSftpServer sftp,
        string vault,
        string union
    ) =>
        new()
        {
            ["Node"] = new JsonObject { ["Name"] = node.Name },
            ["Paths"] = new JsonObject { ["Data"] = node.Data },
            ["Api"] = new JsonObject { ["Listen"] = $"127.0.0.1:{node.Api.Port}" },
            ["Metadata"] = new JsonObject { ["AniList"] = new JsonObject { ["Enabled"] = false } },
            ["Vault"] = new JsonObject { ["RcloneConfig"] = sftp.ConfigPath },
            ["Mounts"] = new JsonObject
            {
                ["ProbeInterval"] = "00:00:01",
                ["Rclone"] = new JsonArray
                {
                    new JsonObject
                    {
                        ["Name"] = "vault",
                        ["Remote"] = $"{sftp.RemoteName}:Media",
                        ["Path"] = vault,
                        ["CacheDir"] = Path.Combine(node.Data, "..", "rclone-cache"),
                    },
                },
                ["Union"] = new JsonObject
                {
                    ["Path"] = union,
                    ["Branches"] = new JsonArray { $"{node.Library}=RW", $"{vault}=RO" },
                },
            },
        };

    /// <summary>Waits until the node reports both mounts healthy; returns their daemons' pids.</summary>
    private static async Task<IReadOnlyList<int>> HealthyPidsAsync(
        NodeProcess process,
        RigNode node
    )
    {
        JsonElement mounts = default;
        var healthy = await Eventually.TrueWithinAsync(
            () =>
            {
                mounts = process
                    .GetAsync("/api/mounts", Ct)
                    .GetAwaiter()
                    .GetResult()
                    .GetProperty("mounts");
                return mounts.GetArrayLength() == 2
                    && mounts
                        .EnumerateArray()
                        .All(m => m.GetProperty("state").GetString() == "healthy");
            },
            TimeSpan.FromSeconds(60),
            Ct
        );
        healthy.ShouldBeTrue($"{mounts}\n{node.Tail()}");
        return [.. mounts.EnumerateArray().Select(m => m.GetProperty("pid").GetInt32())];
    }

    private static int MountsAt(string path) =>
        File.ReadLines("/proc/self/mountinfo")
            .Count(l => l.Contains($" {path} ", StringComparison.Ordinal));

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
