using System.CommandLine;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Sluice.Node.Configuration;
using Sluice.Node.Hosting;
using Sluice.Store;

namespace Sluice.Cli.Run;

/// <summary>`sluice run`: starts a node in the foreground until Ctrl-C.</summary>
public static class RunCommand
{
    public static Command Create()
    {
        var data = new Option<string?>("--data")
        {
            Description =
                "Data folder (incoming, library, vault, work, sluice.db). Default: ./data",
        };
        var api = new Option<string?>("--api")
        {
            Description = "HOST:PORT for the HTTP API. Default: 127.0.0.1:5480",
        };
        var config = new Option<string?>("--config")
        {
            Description = "A JSON configuration file (see config/).",
        };
        var name = new Option<string?>("--name")
        {
            Description = "This node's name. Default: the host name.",
        };
        var roles = new Option<string?>("--roles")
        {
            Description =
                "Comma-separated: ingest,sanitize,vault,tier,encode,notify,distribute. Default: all.",
        };
        var postgres = new Option<string?>("--postgres")
        {
            Description =
                "Join a cluster: a PostgreSQL connection string (Host=...;Database=...;Username=...;Password=...). Default: embedded SQLite.",
        };
        var command = new Command(
            "run",
            "Start a node: watch the incoming folder and carry every file through the pipeline."
        )
        {
            data,
            api,
            config,
            name,
            roles,
            postgres,
        };
        command.SetAction(
            (parse, ct) =>
                RunAsync(
                    new NodeLaunch
                    {
                        DataDirectory = parse.GetValue(data),
                        Listen = parse.GetValue(api),
                        ConfigFile = parse.GetValue(config),
                        Roles = parse
                            .GetValue(roles)
                            ?.Split(
                                ',',
                                StringSplitOptions.RemoveEmptyEntries
                                    | StringSplitOptions.TrimEntries
                            ),
                        Overrides = Overrides(parse.GetValue(name), parse.GetValue(postgres)),
                        SharedToken = Environment.GetEnvironmentVariable("SLUICE_TOKEN"),
                    },
                    ct
                )
        );
        return command;
    }

    /// <summary>Flags become configuration keys, so they win over the file and the environment.</summary>
    private static Dictionary<string, string?> Overrides(string? name, string? postgres)
    {
        var overrides = new Dictionary<string, string?>();
        if (name is not null)
        {
            overrides[$"{NodeOptions.Section}:Name"] = name;
        }

        if (postgres is not null)
        {
            overrides[$"{StoreOptions.Section}:Postgres"] = postgres;
        }

        return overrides;
    }

    private static async Task<int> RunAsync(NodeLaunch launch, CancellationToken ct)
    {
        if (launch.ConfigFile is { } file && !File.Exists(file))
        {
            await Console.Error.WriteLineAsync($"sluice: the config file '{file}' does not exist.");
            return ExitCodes.Usage;
        }

        WebApplication app;
        try
        {
            app = SluiceNodeHost.Build(launch);
            SluiceNodeHost.ValidateConfiguration(app.Services);
        }
        catch (OptionsValidationException ex)
        {
            await Console.Error.WriteLineAsync("sluice: the configuration is not valid:");
            foreach (var failure in ex.Failures)
            {
                await Console.Error.WriteLineAsync($"  - {failure}");
            }

            return ExitCodes.Usage;
        }
        catch (InvalidOperationException ex)
            when (ex.Message.Contains("configuration", StringComparison.OrdinalIgnoreCase))
        {
            await Console.Error.WriteLineAsync(
                $"sluice: the configuration is not valid: {ex.Message}"
            );
            return ExitCodes.Usage;
        }

        await using (app)
        {
            var encode = app.Services.GetRequiredService<IOptions<EncodeOptions>>().Value;
            var vault = app.Services.GetRequiredService<IOptions<VaultOptions>>().Value;
            if (
                !await ToolPreflight
                    .ForThisProcess()
                    .EnsureAsync(
                        ToolsFor(
                            app.Services.GetRequiredService<IOptions<NodeOptions>>().Value,
                            encode,
                            vault
                        ),
                        ct
                    )
            )
            {
                return ExitCodes.Error;
            }

            var paths = app.Services.GetRequiredService<NodePaths>();
            var listen = app.Services.GetRequiredService<IOptions<ApiOptions>>().Value.Listen;
            try
            {
                await app.StartAsync(ct);
            }
            catch (NodeNameInUseException ex)
            {
                await Console.Error.WriteLineAsync($"sluice: {ex.Message}");
                return ExitCodes.Refused;
            }
            catch (Exception ex)
                when (ex
                        is Npgsql.NpgsqlException
                            or System.Net.Sockets.SocketException
                            or TimeoutException
                )
            {
                await Console.Error.WriteLineAsync(
                    $"sluice: cannot reach the database: {ex.Message}"
                );
                return ExitCodes.Unreachable;
            }

            var node = app.Services.GetRequiredService<IOptions<NodeOptions>>().Value;
            Console.WriteLine(
                node.EffectiveRoles.Contains(Domain.Items.Roles.Ingest)
                    ? $"Sluice is running. Drop files into: {paths.Incoming}"
                    : $"Sluice node {node.Name} is running with roles {string.Join(",", node.EffectiveRoles)} (it takes no files in)."
            );
            Console.WriteLine(
                $"  library: {paths.Library}   vault: {string.Join(", ", VaultNames(vault, paths))}"
            );
            // The bound address, so a port of 0 shows the one the system chose.
            var address = (app.Urls.FirstOrDefault() ?? $"http://{listen}").TrimEnd('/');
            Console.WriteLine($"  API: {address}   try: ./sluice ctl items ls   (or ctl tail)");
            Console.WriteLine($"  Dashboard: {address}/");
            await app.WaitForShutdownAsync(ct);
        }

        return ExitCodes.Ok;
    }

    /// <summary>Only the tools this node's roles use: a notify-only node needs neither ffmpeg nor rclone.</summary>
    private static List<string> ToolsFor(NodeOptions node, EncodeOptions encode, VaultOptions vault)
    {
        var roles = node.EffectiveRoles;
        var tools = new List<string>();
        if (roles.Contains(Domain.Items.Roles.Encode))
        {
            tools.AddRange([encode.FfmpegExecutable, encode.FfprobeExecutable]);
        }

        if (
            roles.Any(r =>
                r
                    is Domain.Items.Roles.Vault
                        or Domain.Items.Roles.Tier
                        or Domain.Items.Roles.Encode
                        or Domain.Items.Roles.Distribute
            )
        )
        {
            tools.Add(vault.RcloneExecutable);
        }

        return tools;
    }

    private static IEnumerable<string> VaultNames(VaultOptions vault, NodePaths paths) =>
        vault.Destinations.Count == 0
            ? [paths.LocalVault]
            : vault.Destinations.Select(d => $"{d.Name} ({d.Remote})");
}
