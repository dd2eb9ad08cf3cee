using Sluice.Tools.Mounts;
using Sluice.Tools.Processes;

namespace Sluice.Testing.Union;

public sealed partial class UnionMount
{
    private static readonly Fusermount Unmounter = new(
        new ProcessRunner(TimeProvider.System, new ProcessRunnerOptions { OwnerTag = "union-test" })
    );

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
        await UnmountCloudAsync();
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
            for (
                var attempt = 0;
                attempt < 5 && !await Unmounter.UnmountAsync(Path, lazy: false, default);
                attempt++
            )
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200), TimeProvider.System);
            }
        }

        if (_mergerfs is not null && !_mergerfs.WaitForExit(TimeSpan.FromSeconds(5)))
        {
            _mergerfs.Kill();
        }

        await LastResortAsync(Path);
    }

    /// <summary>Kill rclone, then clear the dead mount it leaves (what the unit's ExecStopPost does).</summary>
    private async Task UnmountCloudAsync()
    {
        _rclone?.Kill();
        await Unmounter.UnmountAsync(CloudMount, lazy: false, default);
        await LastResortAsync(CloudMount);
    }

    /// <summary>A lazy unmount detaches the mount now and finishes when its last user lets go.</summary>
    private static Task<bool> LastResortAsync(string path) =>
        Unmounter.UnmountAsync(path, lazy: true, default);
}
