using Sluice.Tools.Processes;

namespace Sluice.Tools.Mounts;

/// <summary>
/// fuse3's unmount helper, through the process runner. A plain unmount (<c>-u</c>) refuses a busy
/// mount; a lazy one (<c>-uz</c>) detaches it at once and lets its last user finish, which is the
/// only way to clear a mount whose daemon died ("Transport endpoint is not connected").
/// </summary>
public sealed class Fusermount(ProcessRunner runner, string? executable = null)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    /// <summary>fusermount3, or Debian's older name for it.</summary>
    public string Executable { get; } =
        executable
        ?? Executables.Find("fusermount3")
        ?? Executables.Find("fusermount")
        ?? "fusermount3";

    /// <summary>Unmounts <paramref name="path"/>; true when nothing is mounted there afterwards.</summary>
    public async Task<bool> UnmountAsync(string path, bool lazy, CancellationToken ct)
    {
        if (!MountTable.IsMounted(path))
        {
            return true;
        }

        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(ct);
        bounded.CancelAfter(Timeout);
        try
        {
            // Exit 1 is "not mounted" or "busy": the mount table says which.
            await runner.RunAsync(
                new ProcessCommand(Executable)
                    .WithArguments(lazy ? "-uz" : "-u", path)
                    .WithSuccessExitCodes(0, 1)
                    .WithGracefulStop(GracefulStop.Kill, TimeSpan.Zero),
                cancellationToken: bounded.Token
            );
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            // fusermount itself hung on the dead mount; the table below tells what is left.
        }

        return !MountTable.IsMounted(path);
    }
}
