using Sluice.Node.Hosting;
using Sluice.Testing;

namespace Sluice.Cli.Tests.Run;

/// <summary>
/// The examples in config/ and deploy/ are what people copy: each must load and validate as
/// it is, together with the secrets its deploy folder's *.env.example provides.
/// </summary>
public sealed class ConfigExamplesSpecs
{
    public static TheoryData<string> Examples() =>
        [
            .. Directory
                .GetFiles(Path.Combine(RepositoryPaths.Root, "config"), "*.json")
                .Concat(
                    Directory.GetFiles(
                        Path.Combine(RepositoryPaths.Root, "deploy"),
                        "node.json",
                        SearchOption.AllDirectories
                    )
                )
                .Select(f => Path.GetRelativePath(RepositoryPaths.Root, f)),
        ];

    [Theory(Timeout = 300_000)]
    [MemberData(nameof(Examples))]
    public async Task An_example_config_loads_and_validates(string file)
    {
        using var dir = new TempDirectory("sluice-example");
        var rcloneConfig = dir.Combine("rclone.conf");
        await File.WriteAllTextAsync(rcloneConfig, "", TestContext.Current.CancellationToken);
        var overrides = EnvironmentExamples(
            Path.GetDirectoryName(Path.Combine(RepositoryPaths.Root, file))!
        );
        overrides["Vault:RcloneConfig"] = rcloneConfig;

        await using var app = SluiceNodeHost.Build(
            new NodeLaunch
            {
                ConfigFile = Path.Combine(RepositoryPaths.Root, file),
                DataDirectory = dir.Combine("data"),
                Overrides = overrides,
            }
        );

        Should.NotThrow(() => SluiceNodeHost.ValidateConfiguration(app.Services));
    }

    /// <summary>SLUICE_A__B="value" lines of the folder's *.env.example files, as configuration keys.</summary>
    private static Dictionary<string, string?> EnvironmentExamples(string folder) =>
        Directory
            .GetFiles(folder, "*.env.example")
            .SelectMany(File.ReadLines)
            .Select(line => line.Trim())
            .Where(line =>
                line.StartsWith("SLUICE_", StringComparison.Ordinal)
                && line.Contains('=', StringComparison.Ordinal)
            )
            .Select(line => line.Split('=', 2))
            .ToDictionary(
                kv => kv[0]["SLUICE_".Length..].Replace("__", ":", StringComparison.Ordinal),
                kv => (string?)kv[1].Trim('"')
            );
}
