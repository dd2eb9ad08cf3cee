using System.Diagnostics;

namespace Sluice.Testing;

/// <summary>
/// Runs a real tool to completion for test set-up (generating clips, obscuring a password).
/// Plain System.Diagnostics.Process: test support must not depend on the runner it helps test.
/// </summary>
internal static class ToolProcess
{
    /// <summary>Returns stdout; a non-zero exit throws with the tool's stderr.</summary>
    public static async Task<string> RunAsync(
        string tool,
        IEnumerable<string> arguments,
        CancellationToken cancellationToken
    )
    {
        var info = new ProcessStartInfo(tool)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return process.ExitCode == 0
            ? await stdout
            : throw new InvalidOperationException(
                $"{tool} exited with {process.ExitCode}: {await stderr}"
            );
    }
}
