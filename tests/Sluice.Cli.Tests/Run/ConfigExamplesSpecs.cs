using Microsoft.AspNetCore.Builder;
using Sluice.Node.Hosting;
using Sluice.Testing;

namespace Sluice.Cli.Tests.Run;

/// <summary>The examples in config/ are what people copy: each must load and validate as it is.</summary>
public sealed class ConfigExamplesSpecs
{
    public static TheoryData<string> Examples() =>
        [
            .. Directory
                .GetFiles(Path.Combine(RepositoryPaths.Root, "config"), "*.json")
                .Select(f => Path.GetFileName(f)),
        ];

    [Theory(Timeout = 300_000)]
    [MemberData(nameof(Examples))]
    public async Task An_example_config_loads_and_validates(string file)
    {
        using var dir = new TempDirectory("sluice-example");
        var rcloneConfig = dir.Combine("rclone.conf");
        await File.WriteAllTextAsync(rcloneConfig, "", TestContext.Current.CancellationToken);

        await using var app = SluiceNodeHost.Build(
            new NodeLaunch
            {
                ConfigFile = Path.Combine(RepositoryPaths.Root, "config", file),
                DataDirectory = dir.Combine("data"),
                Overrides = new Dictionary<string, string?>
                {
                    ["Vault:RcloneConfig"] = rcloneConfig,
                },
            }
        );

        Should.NotThrow(() => SluiceNodeHost.ValidateConfiguration(app.Services));
    }
}
