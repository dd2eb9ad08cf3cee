using System.Diagnostics;

namespace Sluice.Cli.Tests;

/// <summary>Runs the built sluice command as a separate process, the way a user or a script does.</summary>
public static class SluiceProcess
{
    public static string Dll => Path.Combine(AppContext.BaseDirectory, "sluice.dll");

    public static async Task<(int Code, string Stdout, string Stderr)> RunAsync(
        IReadOnlyList<string> args,
        string? stdin = null,
        string? workingDirectory = null,
        IReadOnlyDictionary<string, string?>? environment = null,
        CancellationToken ct = default
    )
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var arg in (string[])[Dll, .. args])
        {
            start.ArgumentList.Add(arg);
        }

        // Per process, never Environment.SetEnvironmentVariable: specs run in parallel, and a
        // token set process-wide would reach every node and ctl another spec starts.
        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
        }

        process.StandardInput.Close();
        await process.WaitForExitAsync(ct);
        return (process.ExitCode, await stdout, await stderr);
    }
}
