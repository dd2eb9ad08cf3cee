using Microsoft.Extensions.Logging;
using Sluice.Tools.Mounts;

namespace Sluice.Node.Mounts;

public sealed partial class MountSupervisor
{
    /// <summary>
    /// Stops supervising, then unmounts in reverse start order (the union before the mounts under
    /// it, which it may hold files open on) and stops each daemon. A busy mount gets a few
    /// chances, then a lazy unmount; no dead mount is ever left behind. Idempotent.
    /// </summary>
    public Task ShutdownAsync()
    {
        lock (_gate)
        {
            if (_shutdown is null)
            {
                _stopping.Cancel();
                _shutdown = ShutdownCoreAsync();
            }

            return _shutdown;
        }
    }

    private async Task ShutdownCoreAsync()
    {
        // Each loop ends at its next await; none starts a daemon after the cancel (RunOnceAsync checks under the gate).
        await Task.WhenAll(_loops);
        foreach (var slot in _slots.Reverse())
        {
            var path = slot.Spec.Path;
            for (var attempt = 0; attempt < 5 && MountTable.IsMounted(path); attempt++)
            {
                if (await _fusermount.UnmountAsync(path, lazy: false, CancellationToken.None))
                {
                    break;
                }

                await Task.Delay(TimeSpan.FromMilliseconds(200), time);
            }

            await StopDaemonAsync(slot);
            if (!await _fusermount.UnmountAsync(path, lazy: true, CancellationToken.None))
            {
                log.LogError(
                    "Could not unmount {Path}; unmount it by hand (fusermount3 -uz)",
                    path
                );
            }

            slot.Set(MountState.Stopped, time.GetUtcNow(), null, null);
            log.LogInformation("Mount {Name} at {Path} is unmounted", slot.Spec.Name, path);
        }
    }
}
