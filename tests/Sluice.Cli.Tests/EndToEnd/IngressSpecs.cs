using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sluice.Testing;
using Sluice.Testing.Rclone;

namespace Sluice.Cli.Tests.EndToEnd;

/// <summary>
/// The atomic ingress examples of deploy/ingress, run for real against a node: the rsync daemon
/// module (rsyncd.conf, rewritten to temp folders and a loopback port) and the SFTP drop's
/// "upload to partial/, then rename into incoming/" rule (sftp-drop.sh, against rclone serve
/// sftp rooted at the drop folder: sshd's chroot needs root, the rule is the same). A slow
/// upload is watched the whole time: incoming never shows a partial file, and the node takes
/// exactly one item with the file's hash.
/// </summary>
public sealed class IngressSpecs
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private const int Size = 2 * 1024 * 1024;

    private static string Example(string name) =>
        Path.Combine(RepositoryPaths.Root, "deploy", "ingress", name);

    [Fact(Timeout = 300_000)]
    public async Task A_file_pushed_slowly_to_the_rsync_module_appears_in_incoming_only_when_complete()
    {
        await using var rig = await PipelineRig.CreateAsync(null, Ct);
        var incoming = Directory.CreateDirectory(rig.Incoming).FullName;
        var temp = Directory.CreateDirectory(Path.Combine(incoming, ".rsync-tmp")).FullName;
        var file = RandomFile(rig.Scratch, "Some.Show.S01E01.720p.mkv");
        var port = FreePort();
        var config = Path.Combine(rig.Scratch, "rsyncd.conf");
        await File.WriteAllTextAsync(
            config,
            await RsyncConfigAsync(incoming, Path.Combine(rig.Scratch, "rsyncd.pid")),
            Ct
        );
        using var daemon = new Daemon(
            Start("rsync", ["--daemon", "--no-detach", $"--config={config}", $"--port={port}"])
        );
        await WaitForPortAsync(port);
        await using var node = await rig.StartNodeAsync(Ct);
        var module = $"rsync://127.0.0.1:{port}/sluice/";

        var refused = await RunAsync("rsync", ["--inplace", file, module]);
        refused.Code.ShouldNotBe(0);
        refused.Stderr.ShouldContain("configured to refuse --inplace");
        Sizes(incoming).ShouldBeEmpty();

        var seen = await WatchWhileAsync(
            RunAsync("rsync", ["-t", "--bwlimit=400", file, module]),
            incoming,
            temp
        );

        seen.Code.ShouldBe(0, seen.Stderr);
        seen.Partial.ShouldBeTrue("the watch saw the file in flight in the temp dir");
        seen.InIncoming.ShouldAllBe(s => s == Size, "incoming only ever held the whole file");
        await TakenOnceAsync(rig, node, file);
    }

    [Fact(Timeout = 300_000)]
    public async Task A_file_uploaded_to_the_sftp_drop_partial_folder_then_renamed_is_taken_whole_once()
    {
        using var drop = await RcloneSftpServer.StartAsync(Ct);
        var partial = Directory.CreateDirectory(Path.Combine(drop.RootDirectory, "partial"));
        var incoming = Directory.CreateDirectory(Path.Combine(drop.RootDirectory, "incoming"));
        await using var rig = await PipelineRig.CreateAsync(
            config => config["Paths"]!["Incoming"] = incoming.FullName,
            Ct
        );
        var file = RandomFile(rig.Scratch, "Some.Show.S01E02.720p.mkv");
        await using var node = await rig.StartNodeAsync(Ct);

        var seen = await WatchWhileAsync(
            RunAsync(
                "sh",
                [Example("sftp-drop.sh"), file],
                new Dictionary<string, string>
                {
                    ["SLUICE_DROP_REMOTE"] = $"{drop.RemoteName}:",
                    ["RCLONE_CONFIG"] = drop.ConfigPath,
                    ["RCLONE_BWLIMIT"] = "400k",
                }
            ),
            incoming.FullName,
            partial.FullName
        );

        seen.Code.ShouldBe(0, seen.Stderr);
        seen.Partial.ShouldBeTrue("the watch saw the upload in flight in partial/");
        seen.InIncoming.ShouldAllBe(s => s == Size, "incoming only ever held the whole file");
        await TakenOnceAsync(rig, node, file);
        Directory.EnumerateFileSystemEntries(partial.FullName).ShouldBeEmpty();
    }

    /// <summary>The example config with this test's folders, port and user; everything else as shipped.</summary>
    private static async Task<string> RsyncConfigAsync(string incoming, string pid)
    {
        var uid = (await RunAsync("id", ["-u"])).Stdout.Trim();
        var gid = (await RunAsync("id", ["-g"])).Stdout.Trim();
        string[] dropped = ["auth users", "secrets file", "hosts allow", "address", "port"];
        var lines = (await File.ReadAllLinesAsync(Example("rsyncd.conf"), Ct))
            .Where(l =>
                !dropped.Any(k => l.TrimStart().StartsWith(k + " ", StringComparison.Ordinal))
            )
            .Select(l =>
                l.TrimStart() switch
                {
                    var t when t.StartsWith("uid ", StringComparison.Ordinal) => $"uid = {uid}",
                    var t when t.StartsWith("gid ", StringComparison.Ordinal) => $"gid = {gid}",
                    var t when t.StartsWith("pid file ", StringComparison.Ordinal) =>
                        $"pid file = {pid}",
                    var t when t.StartsWith("lock file ", StringComparison.Ordinal) =>
                        $"lock file = {pid}.lock",
                    var t when t.StartsWith("path ", StringComparison.Ordinal) =>
                        $"    path = {incoming}",
                    _ => l,
                }
            )
            .ToList();
        lines.ShouldContain("    temp dir = .rsync-tmp");
        lines.ShouldContain(l => l.Contains("refuse options", StringComparison.Ordinal));
        return string.Join('\n', lines) + "\n";
    }

    private sealed record Watched(int Code, string Stderr, bool Partial, List<long> InIncoming);

    /// <summary>Polls both folders until the upload ends: every size incoming showed, and whether the staging folder held a partial file.</summary>
    private static async Task<Watched> WatchWhileAsync(
        Task<(int Code, string Stdout, string Stderr)> upload,
        string incoming,
        string staging
    )
    {
        var partial = false;
        var sizes = new List<long>();
        while (!upload.IsCompleted)
        {
            partial |= Sizes(staging, hidden: true).Any(s => s is > 0 and < Size);
            sizes.AddRange(Sizes(incoming));
            await Task.Delay(TimeSpan.FromMilliseconds(20), TimeProvider.System, Ct);
        }

        sizes.AddRange(Sizes(incoming));
        var (code, _, stderr) = await upload;
        return new Watched(code, stderr, partial, sizes);
    }

    /// <summary>The sizes of the files Sluice would look at (none hidden, nor inside a hidden folder).</summary>
    private static List<long> Sizes(string folder, bool hidden = false)
    {
        var found = new List<long>();
        foreach (
            var path in Directory.EnumerateFiles(
                folder,
                "*",
                new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }
            )
        )
        {
            if (
                !hidden && Path.GetRelativePath(folder, path).Split('/').Any(s => s.StartsWith('.'))
            )
            {
                continue;
            }

            try
            {
                found.Add(new FileInfo(path).Length);
            }
            catch (FileNotFoundException)
            {
                // Renamed or taken between the listing and the look.
            }
        }

        return found;
    }

    private static async Task TakenOnceAsync(PipelineRig rig, NodeProcess node, string file)
    {
        var items = await rig.WaitForItemsAsync(
            node,
            i => i.Count == 1 && i[0].GetProperty("state").GetString() != "incoming",
            TimeSpan.FromSeconds(60),
            Ct
        );
        var detail = await node.GetAsync($"/api/items/{items[0].GetProperty("id")}", Ct);
        detail
            .GetProperty("sourceKey")
            .GetString()
            .ShouldBe(
                "sha256:" + Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(file)))
            );
        detail.GetProperty("size").GetInt64().ShouldBe(Size);
        (await node.GetAsync("/api/items", Ct)).GetArrayLength().ShouldBe(1);
    }

    private static string RandomFile(string folder, string name)
    {
        var bytes = new byte[Size];
        Random.Shared.NextBytes(bytes);
        var path = Path.Combine(folder, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>The rsync daemon this spec started, stopped with it.</summary>
    private sealed class Daemon(Process process) : IDisposable
    {
        public void Dispose()
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
            }

            process.Dispose();
        }
    }

    private static Process Start(string tool, IEnumerable<string> args)
    {
        var info = new ProcessStartInfo(tool)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        var process = Process.Start(info)!;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task<(int Code, string Stdout, string Stderr)> RunAsync(
        string tool,
        IEnumerable<string> args,
        IReadOnlyDictionary<string, string>? environment = null
    )
    {
        var info = new ProcessStartInfo(tool)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync(Ct);
        var stderr = process.StandardError.ReadToEndAsync(Ct);
        await process.WaitForExitAsync(Ct);
        return (process.ExitCode, await stdout, await stderr);
    }

    private static async Task WaitForPortAsync(int port)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port, Ct);
                return;
            }
            catch (SocketException) when (attempt < 100)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100), TimeProvider.System, Ct);
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
