using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sluice.Testing;
using Sluice.Testing.Http;
using Sluice.Testing.Rclone;

namespace Sluice.Cli.Tests.EndToEnd;

/// <summary>
/// Everything a real node needs, on loopback: folders, a real sftp vault (rclone serve sftp),
/// local Discord and webhook stand-ins, and a config file with short timings for tests.
/// </summary>
public sealed class PipelineRig : IAsyncDisposable
{
    private readonly TempDirectory _root = new("sluice-e2e");

    private PipelineRig(RcloneSftpServer sftp, NotifyStandIn notify, int port)
    {
        Sftp = sftp;
        Notify = notify;
        Api = new Uri($"http://127.0.0.1:{port}");
        Data = _root.Sub("data");
        Scratch = _root.Sub("scratch");
    }

    public RcloneSftpServer Sftp { get; }

    public NotifyStandIn Notify { get; }

    public Uri Api { get; }

    public string Data { get; }

    /// <summary>Where tests prepare files before moving them into incoming in one rename.</summary>
    public string Scratch { get; }

    public string Incoming => Path.Combine(Data, "incoming");

    public string Library => Path.Combine(Data, "library");

    public string ConfigFile => _root.Combine("node.json");

    public string LogFile => _root.Combine("node.log");

    public string VaultRoot => Sftp.RootDirectory;

    public static async Task<PipelineRig> CreateAsync(
        Action<JsonObject>? tweak,
        CancellationToken ct
    )
    {
        var sftp = await RcloneSftpServer.StartAsync(ct);
        var notify = await NotifyStandIn.StartAsync();
        var rig = new PipelineRig(sftp, notify, FreePort());
        var config = new JsonObject
        {
            ["Node"] = new JsonObject { ["Name"] = "e2e" },
            ["Paths"] = new JsonObject { ["Data"] = rig.Data },
            ["Api"] = new JsonObject { ["Listen"] = $"127.0.0.1:{rig.Api.Port}" },
            ["Engine"] = new JsonObject
            {
                ["LeaseDuration"] = "00:00:04",
                ["PollInterval"] = "00:00:00.200",
                ["RescueInterval"] = "00:00:00.500",
                ["RetryBackoffBase"] = "00:00:00.200",
                ["RetryBackoffMax"] = "00:00:02",
            },
            ["Stages"] = new JsonObject
            {
                ["Vault"] = new JsonObject { ["Concurrency"] = 3, ["MaxAttempts"] = 20 },
                ["Encode"] = new JsonObject { ["Concurrency"] = 2, ["MaxAttempts"] = 20 },
                ["Sanitize"] = new JsonObject { ["Concurrency"] = 2, ["MaxAttempts"] = 20 },
                ["Tier"] = new JsonObject { ["Concurrency"] = 1, ["MaxAttempts"] = 20 },
                ["Notify"] = new JsonObject { ["Concurrency"] = 2, ["MaxAttempts"] = 20 },
            },
            ["Incoming"] = new JsonObject
            {
                ["StableFor"] = "00:00:00.500",
                ["RescanInterval"] = "00:00:03",
            },
            ["Vault"] = new JsonObject
            {
                ["RcloneConfig"] = sftp.ConfigPath,
                ["Destinations"] = new JsonArray
                {
                    new JsonObject { ["Name"] = "sftp", ["Remote"] = $"{sftp.RemoteName}:" },
                },
            },
            ["Tier"] = new JsonObject
            {
                ["LowWatermarkPercent"] = 0,
                ["HighWatermarkPercent"] = 0,
                ["MinResidency"] = "00:00:00",
            },
            ["Notify"] = new JsonObject
            {
                ["Discord"] = new JsonArray
                {
                    new JsonObject
                    {
                        ["Name"] = "announce",
                        ["Url"] = notify.DiscordWebhook().ToString(),
                    },
                },
                ["Webhooks"] = new JsonArray
                {
                    new JsonObject
                    {
                        ["Name"] = "hook",
                        ["Url"] = notify.Webhook().ToString(),
                        ["Secret"] = "hook-secret",
                    },
                },
            },
        };
        tweak?.Invoke(config);
        await File.WriteAllTextAsync(
            rig.ConfigFile,
            config.ToJsonString(new JsonSerializerOptions { WriteIndented = true }),
            ct
        );
        return rig;
    }

    public Task<NodeProcess> StartNodeAsync(CancellationToken ct) =>
        NodeProcess.StartAsync(ConfigFile, Api, LogFile, ct);

    /// <summary>Puts a prepared file into incoming with one rename, as a well-behaved sender does.</summary>
    public string Drop(string preparedFile, string? relativeTarget = null)
    {
        var target = Path.Combine(Incoming, relativeTarget ?? Path.GetFileName(preparedFile));
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        File.Move(preparedFile, target);
        return target;
    }

    /// <summary>Polls the node's item list until <paramref name="done"/> holds or the timeout passes.</summary>
    public async Task<IReadOnlyList<JsonElement>> WaitForItemsAsync(
        NodeProcess node,
        Func<IReadOnlyList<JsonElement>, bool> done,
        TimeSpan timeout,
        CancellationToken ct
    )
    {
        var started = TimeProvider.System.GetTimestamp();
        while (true)
        {
            var items = (await node.GetAsync("/api/items?limit=10000", ct))
                .EnumerateArray()
                .ToList();
            if (done(items))
            {
                return items;
            }

            if (TimeProvider.System.GetElapsedTime(started) > timeout)
            {
                throw new TimeoutException(
                    $"Items did not settle within {timeout}: {string.Join(", ", items.Select(i => $"{i.GetProperty("name")}={i.GetProperty("state")}"))}\n{Tail()}"
                );
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250), TimeProvider.System, ct);
        }
    }

    /// <summary>What the vault holds, as rclone lists it over sftp: path → size.</summary>
    public async Task<IReadOnlyDictionary<string, long>> VaultListingAsync(CancellationToken ct)
    {
        var start = new System.Diagnostics.ProcessStartInfo("rclone")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (
            var arg in new[]
            {
                "lsjson",
                "-R",
                "--files-only",
                "--config",
                Sftp.ConfigPath,
                $"{Sftp.RemoteName}:",
            }
        )
        {
            start.ArgumentList.Add(arg);
        }

        using var process = System.Diagnostics.Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        process.ExitCode.ShouldBe(0, await stderr);
        return JsonDocument
            .Parse(await stdout)
            .RootElement.EnumerateArray()
            .ToDictionary(
                e => e.GetProperty("Path").GetString()!,
                e => e.GetProperty("Size").GetInt64()
            );
    }

    /// <summary>The end of the node's log, for failure messages.</summary>
    public string Tail(int lines = 60) =>
        File.Exists(LogFile)
            ? string.Join('\n', File.ReadLines(LogFile).TakeLast(lines))
            : "(no log)";

    /// <summary>Every file under a folder, relative, sorted.</summary>
    public static IReadOnlyList<string> FilesUnder(string root) =>
        Directory.Exists(root)
            ?
            [
                .. Directory
                    .EnumerateFiles(root, "*", SearchOption.AllDirectories)
                    .Select(f => Path.GetRelativePath(root, f))
                    .Order(StringComparer.Ordinal),
            ]
            : [];

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        await Notify.DisposeAsync();
        Sftp.Dispose();
        _root.Dispose();
    }
}
