using Microsoft.Extensions.Logging;
using Sluice.Node.Vault;
using Sluice.Tools.Rclone;

namespace Sluice.Node.Library;

/// <summary>
/// The steps on vault destinations. A copy is checked against what the vault recorded (size, and
/// the hash when one was recorded) before its source name is given up.
/// </summary>
public sealed partial class LibraryExecutor
{
    private async Task MoveRemoteAsync(MoveRemote m, CancellationToken ct)
    {
        var (destination, rclone) = Remote(m.Destination);
        var (hash, expected) = Verification(m.Verification);
        var from = destination.Root.Combine(m.From);
        var to = destination.Root.Combine(m.To);
        var target = await rclone.StatAsync(to, hash is null ? [] : [hash], ct);
        var source = await rclone.StatAsync(from, [], ct);
        if (target is null)
        {
            if (source is null)
            {
                throw new LibraryStepException(
                    $"{m.From} is missing from {m.Destination} and {m.To} is not there either."
                );
            }

            await rclone.MoveToAsync(from, to, ct);
            target = await rclone.StatAsync(to, hash is null ? [] : [hash], ct);
        }

        if (Problem(target, m.Size, hash, expected) is { } problem)
        {
            throw new LibraryStepException(
                source is null
                    ? $"{m.To} on {m.Destination} does not verify after the move: {problem}."
                    : $"{m.To} is already on {m.Destination} and is not this file ({problem}); not overwriting it."
            );
        }

        // An interrupted move on a backend without server-side moves leaves both: the target
        // is verified, so the source may go.
        if (source is not null && await rclone.StatAsync(from, [], ct) is not null)
        {
            await rclone.DeleteFileAsync(from, ct);
        }
    }

    private async Task DeleteRemoteAsync(DeleteRemote d, CancellationToken ct)
    {
        var (destination, rclone) = Remote(d.Destination);
        var path = destination.Root.Combine(d.Path);
        var entry = await rclone.StatAsync(path, [], ct);
        if (entry is null)
        {
            return;
        }

        if (entry.Size != d.Size)
        {
            throw new LibraryStepException(
                $"{d.Path} on {d.Destination} has {entry.Size:N0} bytes, not the {d.Size:N0} Sluice vaulted; not deleting it."
            );
        }

        await rclone.DeleteFileAsync(path, ct);
    }

    private async Task RemoveDirRemoteAsync(RemoveDirRemote d, CancellationToken ct)
    {
        var (destination, rclone) = Remote(d.Destination);
        if (!await rclone.RemoveEmptyDirectoryAsync(destination.Root.Combine(d.Path), ct))
        {
            log.LogInformation(
                "Kept {Folder} on {Destination}: it is not empty",
                d.Path,
                d.Destination
            );
        }
    }

    private (VaultDestination, RcloneClient) Remote(string name)
    {
        var destination =
            destinations.Named(name)
            ?? throw new LibraryStepException(
                $"The vault destination {name} is not configured on this node."
            );
        return (
            destination,
            destination.BandwidthLimit is { } limit
                ? clients.For(["--bwlimit", limit])
                : clients.Default
        );
    }

    private static (HashType? Hash, string? Value) Verification(string verification)
    {
        var colon = verification.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 || verification.StartsWith("download+", StringComparison.Ordinal)
                ? (null, null)
            : verification[..colon].All(char.IsAsciiLetterOrDigit) && colon > 0
                ? (HashType.Parse(verification[..colon]), verification[(colon + 1)..])
            : (null, null);
    }

    private static string? Problem(
        RemoteEntry? entry,
        long size,
        HashType? hash,
        string? expected
    ) =>
        entry is null ? "it is missing"
        : entry.Size != size ? $"{entry.Size:N0} bytes, expected {size:N0}"
        : hash is { } h && entry.Hashes.TryGetValue(h, out var actual) && actual != expected
            ? $"a different {h}"
        : null;
}
