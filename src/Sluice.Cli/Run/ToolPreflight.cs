using Sluice.Tools.Processes;

namespace Sluice.Cli.Run;

/// <summary>
/// ffmpeg, ffprobe and rclone must be on the PATH before a node starts. As root, missing
/// ones are installed with apt-get; otherwise the exact command is printed and the node stops.
/// </summary>
public sealed class ToolPreflight(bool isRoot, TextWriter output, TextWriter error)
{
    public static ToolPreflight ForThisProcess() =>
        new(Environment.UserName == "root", Console.Out, Console.Error);

    public async Task<bool> EnsureAsync(IReadOnlyList<string> executables, CancellationToken ct)
    {
        var missing = executables.Where(e => Locate(e) is null).ToList();
        if (missing.Count == 0)
        {
            return true;
        }

        var packages = missing.Select(PackageOf).Distinct().ToList();
        var install = $"apt-get install -y {string.Join(' ', packages)}";
        if (!isRoot)
        {
            await error.WriteLineAsync(
                $"sluice: missing {string.Join(", ", missing)}. Install with:\n  sudo apt-get update && sudo {install}"
            );
            return false;
        }

        await output.WriteLineAsync($"Installing {string.Join(", ", packages)} with apt-get…");
        var runner = new ProcessRunner(
            TimeProvider.System,
            new ProcessRunnerOptions { OwnerTag = "sluice-preflight" }
        );
        var apt = new ProcessCommand("apt-get").WithEnvironmentVariable(
            "DEBIAN_FRONTEND",
            "noninteractive"
        );
        try
        {
            await runner.RunAsync(apt.WithArguments("update", "-q"), null, null, ct);
            await runner.RunAsync(
                apt.WithArguments(["install", "-y", "-q", "--no-install-recommends", .. packages]),
                null,
                null,
                ct
            );
        }
        catch (Exception ex) when (ex is ProcessFailedException or ProcessStartException)
        {
            await error.WriteLineAsync(
                $"sluice: apt-get failed ({ex.Message}); install by hand: {install}"
            );
            return false;
        }

        var still = executables.Where(e => Locate(e) is null).ToList();
        if (still.Count > 0)
        {
            await error.WriteLineAsync(
                $"sluice: still missing after apt-get: {string.Join(", ", still)}."
            );
        }

        return still.Count == 0;
    }

    /// <summary>The Debian package that brings an executable.</summary>
    public static string PackageOf(string executable) =>
        Path.GetFileName(executable) switch
        {
            "ffprobe" or "ffmpeg" => "ffmpeg",
            var name => name,
        };

    public static string? Locate(string executable)
    {
        if (executable.Contains('/', StringComparison.Ordinal))
        {
            return File.Exists(executable) ? executable : null;
        }

        return (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, executable))
            .FirstOrDefault(File.Exists);
    }
}
