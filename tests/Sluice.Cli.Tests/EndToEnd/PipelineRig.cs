using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sluice.Testing;
using Sluice.Testing.Http;
using Sluice.Testing.Postgres;
using Sluice.Testing.Rclone;

namespace Sluice.Cli.Tests.EndToEnd;

/// <summary>
/// Everything a real node needs, on loopback: folders, a real sftp vault (rclone serve sftp),
/// local Discord and webhook stand-ins, and a config file with short timings for tests.
/// </summary>
public sealed class PipelineRig : IAsyncDisposable
{
    private readonly TempDirectory _root = new("sluice-e2e");
    private readonly List<RigNode> _nodes = [];
    private readonly string? _postgres;

    private PipelineRig(
        DialectKind dialect,
        RcloneSftpServer sftp,
        RcloneSftpServer? backup,
        NotifyStandIn notify,
        string? postgres
    )
    {
        Dialect = dialect;
        Sftp = sftp;
        Backup = backup;
        Notify = notify;
        _postgres = postgres;
        Scratch = _root.Sub("scratch");
    }

    public DialectKind Dialect { get; }

    public RcloneSftpServer Sftp { get; }

    /// <summary>A second vault, for replica tests (only when asked for).</summary>
    public RcloneSftpServer? Backup { get; }

    public NotifyStandIn Notify { get; }

    public IReadOnlyList<RigNode> Nodes => _nodes;

    /// <summary>The first node: what single-node tests talk to.</summary>
    public RigNode Node => _nodes[0];

    public string Data => Node.Data;

    public Uri Api => Node.Api;

    /// <summary>Where tests prepare files before moving them into incoming in one rename.</summary>
    public string Scratch { get; }

    public string Incoming => Node.Incoming;

    public string Library => Node.Library;

    public string ConfigFile => Node.ConfigFile;

    public string LogFile => Node.LogFile;

    public string VaultRoot => Sftp.RootDirectory;

    /// <summary>A rig with one node, "e2e", on the given database.</summary>
    public static Task<PipelineRig> CreateAsync(Action<JsonObject>? tweak, CancellationToken ct) =>
        CreateAsync(DialectKind.Sqlite, tweak, ct);

    public static async Task<PipelineRig> CreateAsync(
        DialectKind dialect,
        Action<JsonObject>? tweak,
        CancellationToken ct,
        bool withBackup = false
    )
    {
        var sftp = await RcloneSftpServer.StartAsync(ct);
        var backup = withBackup ? await RcloneSftpServer.StartAsync(ct) : null;
        var notify = await NotifyStandIn.StartAsync();
        var postgres =
            dialect == DialectKind.Postgres
                ? await (await PostgresServer.SharedAsync(ct)).CreateDatabaseAsync("e2e", ct)
                : null;
        var rig = new PipelineRig(dialect, sftp, backup, notify, postgres);
        await rig.AddNodeAsync("e2e", tweak, ct);
        return rig;
    }

    /// <summary>Adds a node sharing this rig's database, vaults and stand-ins (a cluster needs PostgreSQL, or one SQLite file).</summary>
    public async Task<RigNode> AddNodeAsync(
        string name,
        Action<JsonObject>? tweak,
        CancellationToken ct
    )
    {
        var node = new RigNode(name, _root.Path, FreePort());
        var config = BaseConfig(node);
        tweak?.Invoke(config);
        await node.WriteConfigAsync(config, ct);
        _nodes.Add(node);
        return node;
    }

    public Task<NodeProcess> StartNodeAsync(CancellationToken ct) => Node.StartAsync(ct);

    /// <summary>Puts a prepared file into the first node's incoming folder with one rename.</summary>
    public string Drop(string preparedFile, string? relativeTarget = null) =>
        Node.Drop(preparedFile, relativeTarget);

    private JsonObject BaseConfig(RigNode node)
    {
        var destinations = new JsonArray
        {
            new JsonObject { ["Name"] = "sftp", ["Remote"] = $"{Sftp.RemoteName}:" },
        };
        if (Backup is not null)
        {
            destinations.Add(
                new JsonObject
                {
                    ["Name"] = "backup",
                    ["Remote"] = "backup:",
                    ["Replica"] = true,
                }
            );
        }

        var config = new JsonObject
        {
            ["Node"] = new JsonObject { ["Name"] = node.Name },
            ["Paths"] = new JsonObject { ["Data"] = node.Data },
            ["Api"] = new JsonObject { ["Listen"] = $"127.0.0.1:{node.Api.Port}" },
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
                ["Distribute"] = new JsonObject { ["Concurrency"] = 2, ["MaxAttempts"] = 20 },
                ["Notify"] = new JsonObject { ["Concurrency"] = 2, ["MaxAttempts"] = 20 },
            },
            ["Incoming"] = new JsonObject
            {
                ["StableFor"] = "00:00:00.500",
                ["RescanInterval"] = "00:00:03",
            },
            // Tests never ask the internet: metadata has its own specs against local stand-ins.
            ["Metadata"] = new JsonObject { ["AniList"] = new JsonObject { ["Enabled"] = false } },
            ["Vault"] = new JsonObject
            {
                ["RcloneConfig"] = RcloneConfig(),
                ["Destinations"] = destinations,
            },
            ["Tier"] = new JsonObject
            {
                // Never below 0% free: tiering never starts unless a spec asks for it.
                ["LowWatermarkPercent"] = 0,
                ["HighWatermarkPercent"] = 1,
                ["MinResidency"] = "00:00:00",
            },
            ["Notify"] = new JsonObject
            {
                // Specs that gather a season into one message set their own window.
                ["CoalesceWindow"] = "00:00:00",
                ["RetryBackoffBase"] = "00:00:00.200",
                ["RetryBackoffMax"] = "00:00:02",
                ["Discord"] = new JsonArray
                {
                    new JsonObject
                    {
                        ["Name"] = "announce",
                        ["Url"] = Notify.DiscordWebhook().ToString(),
                    },
                },
                ["Webhooks"] = new JsonArray
                {
                    new JsonObject
                    {
                        ["Name"] = "hook",
                        ["Url"] = Notify.Webhook().ToString(),
                        ["Secret"] = "hook-secret",
                    },
                },
            },
        };
        if (_postgres is not null)
        {
            config["Store"] = new JsonObject { ["Postgres"] = _postgres };
        }

        return config;
    }

    /// <summary>One rclone.conf with the vault as [vault] and, when there is one, the backup as [backup].</summary>
    private string RcloneConfig()
    {
        if (Backup is null)
        {
            return Sftp.ConfigPath;
        }

        var path = _root.Combine("rclone.conf");
        if (!File.Exists(path))
        {
            var backup = File.ReadAllText(Backup.ConfigPath)
                .Replace($"[{Backup.RemoteName}]", "[backup]", StringComparison.Ordinal);
            File.WriteAllText(path, File.ReadAllText(Sftp.ConfigPath) + "\n" + backup);
        }

        return path;
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
    public Task<IReadOnlyDictionary<string, long>> VaultListingAsync(CancellationToken ct) =>
        ListingAsync(Sftp, ct);

    /// <summary>What a vault holds, as rclone lists it over sftp: path → size.</summary>
    public static async Task<IReadOnlyDictionary<string, long>> ListingAsync(
        RcloneSftpServer vault,
        CancellationToken ct
    )
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
                vault.ConfigPath,
                $"{vault.RemoteName}:",
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

    /// <summary>The end of every node's log, for failure messages.</summary>
    public string Tail(int lines = 40) => string.Join('\n', _nodes.Select(n => n.Tail(lines)));

    /// <summary>Every file under a folder, relative, sorted.</summary>
    public static IReadOnlyList<string> FilesUnder(string root) =>
        Directory.Exists(root)
            ?
            [
                .. Directory
                    .EnumerateFiles(root, "*", SearchOption.AllDirectories)
                    // The node's own mark that the folder's disk is mounted, not a user's file.
                    .Where(f => Path.GetFileName(f) != ".sluice-location")
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
        Backup?.Dispose();
        if (_postgres is not null)
        {
            await (await PostgresServer.SharedAsync()).DropDatabaseAsync(_postgres);
        }

        _root.Dispose();
    }
}
