using System.Text.Json;
using System.Text.Json.Nodes;

namespace Sluice.Cli.Tests.EndToEnd;

/// <summary>One node of a rig: its own data folder, API port, config file and log.</summary>
public sealed class RigNode(string name, string root, int port)
{
    public string Name => name;

    public string Data { get; } =
        Directory.CreateDirectory(Path.Combine(root, name, "data")).FullName;

    public Uri Api { get; } = new($"http://127.0.0.1:{port}");

    public string ConfigFile => Path.Combine(root, name, "node.json");

    public string LogFile => Path.Combine(root, name, "node.log");

    public string Incoming => Path.Combine(Data, "incoming");

    public string Library => Path.Combine(Data, "library");

    public async Task WriteConfigAsync(JsonObject config, CancellationToken ct) =>
        await File.WriteAllTextAsync(
            ConfigFile,
            config.ToJsonString(new JsonSerializerOptions { WriteIndented = true }),
            ct
        );

    public Task<NodeProcess> StartAsync(
        CancellationToken ct,
        IReadOnlyDictionary<string, string?>? environment = null
    ) => NodeProcess.StartAsync(ConfigFile, Api, LogFile, ct, environment);

    /// <summary>Puts a prepared file into incoming with one rename, as a well-behaved sender does.</summary>
    public string Drop(string preparedFile, string? relativeTarget = null)
    {
        var target = Path.Combine(Incoming, relativeTarget ?? Path.GetFileName(preparedFile));
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        File.Move(preparedFile, target);
        return target;
    }

    /// <summary>The end of the node's log, for failure messages.</summary>
    public string Tail(int lines = 40) =>
        File.Exists(LogFile)
            ? $"--- {name} ---\n" + string.Join('\n', File.ReadLines(LogFile).TakeLast(lines))
            : $"--- {name}: no log ---";
}
