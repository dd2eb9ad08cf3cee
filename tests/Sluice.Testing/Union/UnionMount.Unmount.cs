using System.Diagnostics;

namespace Sluice.Testing.Union;

public sealed partial class UnionMount
{
    private static readonly TimeSpan ToolTimeout = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Unmounts the union, then the cloud mount, whatever state their daemons are in, and deletes
    /// the temp folders only when neither is mounted any more. A mount that survives every
    /// attempt throws: better a loud test than a stale mount under /tmp.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        // The union first: mergerfs may hold files open on the cloud branch.
        await UnmountUnionAsync();
        UnmountCloud();
        _mergerfs?.Dispose();
        _rclone?.Dispose();

        var left = new[] { Path, CloudMount }.Where(MountTable.IsMounted).ToList();
        if (left.Count > 0)
        {
            throw new InvalidOperationException(
                $"Still mounted after every attempt, left in place: {string.Join(", ", left)}"
            );
        }

        _home.Dispose();
    }

    /// <summary>mergerfs leaves on its own once its mount is gone; killing it first would leave a dead mount.</summary>
    private async Task UnmountUnionAsync()
    {
        if (_mergerfs is not null && MountTable.IsMounted(Path))
        {
            // A reader that has just closed a file can keep the mount busy for a moment.
            for (var attempt = 0; attempt < 5 && !TryFusermount("-u", Path); attempt++)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200), TimeProvider.System);
            }
        }

        if (_mergerfs is not null && !_mergerfs.WaitForExit(TimeSpan.FromSeconds(5)))
        {
            _mergerfs.Kill();
        }

        LastResort(Path);
    }

    /// <summary>Kill rclone, then clear the dead mount it leaves (what the unit's ExecStopPost does).</summary>
    private void UnmountCloud()
    {
        _rclone?.Kill();
        if (MountTable.IsMounted(CloudMount))
        {
            TryFusermount("-u", CloudMount);
        }

        LastResort(CloudMount);
    }

    /// <summary>A lazy unmount detaches the mount now and finishes when its last user lets go.</summary>
    private static void LastResort(string path)
    {
        if (MountTable.IsMounted(path))
        {
            TryFusermount("-uz", path);
        }
    }

    private static bool TryFusermount(string flag, string path)
    {
        var info = new ProcessStartInfo(FuseTools.Fusermount)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(flag);
        info.ArgumentList.Add(path);
        using var process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit((int)ToolTimeout.TotalMilliseconds))
        {
            process.Kill(entireProcessTree: true);
            return false;
        }

        _ = stderr.Result;
        return process.ExitCode == 0 && !MountTable.IsMounted(path);
    }
}
