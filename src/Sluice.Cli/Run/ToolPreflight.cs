using System.Diagnostics;

namespace Sluice.Cli.Run;

/// <summary>
/// ffmpeg, ffprobe and rclone must be on the PATH before a node starts. As root, missing
/// ones are installed with apt-get; otherwise the exact command is printed and the node stops.
/// </summary>
public static class ToolPreflight
{
    public static async Task<bool> EnsureAsync(
        IReadOnlyList<string> executables,
        CancellationToken ct
    )
    {
        var missing = executables.Where(e => Locate(e) is null).ToList();
        if (missing.Count == 0)
        {
            return true;
        }

        var packages = missing
            .Select(e => Path.GetFileName(e) is "ffprobe" ? "ffmpeg" : Path.GetFileName(e))
            .Distinct()
            .ToList();
        var install = $"apt-get install -y {string.Join(' ', packages)}";
        if (Environment.UserName != "root")
        {
            await Console.Error.WriteLineAsync(
                $"sluice: missing {string.Join(", ", missing)}. Install with:\n  sudo apt-get update && sudo {install}"
            );
            return false;
        }

        Console.WriteLine($"Installing {string.Join(", ", packages)} with apt-get…");
        if (
            await AptAsync(["update", "-q"], ct) != 0
            || await AptAsync(["install", "-y", "-q", "--no-install-recommends", .. packages], ct)
                != 0
        )
        {
            await Console.Error.WriteLineAsync(
                $"sluice: apt-get failed; install by hand: {install}"
            );
            return false;
        }

        return executables.All(e => Locate(e) is not null);
    }

    private static async Task<int> AptAsync(IReadOnlyList<string> args, CancellationToken ct)
    {
        var start = new ProcessStartInfo("apt-get") { UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["DEBIAN_FRONTEND"] = "noninteractive";
        using var process = Process.Start(start)!;
        await process.WaitForExitAsync(ct);
        return process.ExitCode;
    }

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
