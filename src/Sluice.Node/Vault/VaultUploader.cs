using Microsoft.Extensions.Logging;
using Sluice.Domain.Items;
using Sluice.Node.Engine;
using Sluice.Tools.Rclone;

namespace Sluice.Node.Vault;

/// <summary>
/// Copies one local file to one destination so that the final name only ever holds a
/// complete, verified copy: upload to a temp name unique to the item and lease, move it into
/// place on the server, then verify size and hash against the local file. A final object that
/// already verifies is kept (a retry after a crash); one that differs and is not ours is never
/// overwritten.
/// </summary>
public sealed class VaultUploader(
    RcloneClient rclone,
    VaultDestinations destinations,
    ILogger<VaultUploader> log
)
{
    public async Task<VaultCopy> UploadAsync(
        StepContext context,
        Artifact artifact,
        VaultSource source,
        string relativePath,
        VaultDestination destination,
        LocalDigest digest,
        CancellationToken ct
    )
    {
        var final = destination.Root.Combine(relativePath);
        var hash = await destinations.VerificationHashAsync(destination, ct);
        if (hash is not null && !digest.Hashes.ContainsKey(hash))
        {
            hash = null; // nothing to compare it with: the source offers no such hash
        }

        var existing = await rclone.StatAsync(final, hash is null ? [] : [hash], ct);
        if (existing is not null)
        {
            if (Problem(existing, digest, hash) is null)
            {
                log.LogInformation(
                    "{Path} is already in {Destination}; verified, not uploading again",
                    relativePath,
                    destination.Name
                );
                return Copy(artifact, destination, final, digest, hash);
            }

            if (artifact == Artifact.Source)
            {
                throw new PermanentStepException(
                    $"Vault destination {destination.Name} already holds a different file at {relativePath}; not overwriting it."
                );
            }

            // The encoded tree is Sluice's own output and this path belongs to this item: a
            // different object there is an earlier attempt's encode (a node that died before
            // recording it), not a user's file.
            log.LogWarning(
                "Replacing an earlier attempt's encode of {Path} in {Destination}",
                relativePath,
                destination.Name
            );
            await rclone.DeleteFileAsync(final, ct);
        }

        await SweepTempsAsync(context, destination, relativePath, ct);
        var temp = Sibling(destination, relativePath, context.TempName);
        var progress = new Progress<TransferProgress>(p =>
            context.ReportProgress(
                new
                {
                    destination = destination.Name,
                    bytes = p.Bytes,
                    total = p.TotalBytes,
                    percent = p.Percent,
                    bytesPerSecond = p.BytesPerSecond,
                    eta = p.Eta,
                }
            )
        );
        switch (source)
        {
            case VaultSource.Local local:
                await rclone.CopyToAsync(local.Path, temp, progress, ct);
                break;
            case VaultSource.Remote remote:
                await rclone.CopyBetweenAsync(remote.Path, temp, progress, ct);
                break;
            default:
                throw new InvalidOperationException(
                    $"Unknown vault source {source.GetType().Name}."
                );
        }

        await rclone.MoveToAsync(temp, final, ct);

        var uploaded = await rclone.StatAsync(final, hash is null ? [] : [hash], ct);
        var problem = uploaded is null
            ? "it is missing after the move"
            : Problem(uploaded, digest, hash);
        if (problem is not null)
        {
            // Ours and wrong: remove it so the retry starts clean instead of finding a "different file".
            await rclone.DeleteFileAsync(final, ct);
            throw new VaultVerificationException(
                $"The copy in {destination.Name} did not verify: {problem}."
            );
        }

        return Copy(artifact, destination, final, digest, hash);
    }

    /// <summary>Removes what earlier attempts on this item left beside the final name.</summary>
    private async Task SweepTempsAsync(
        StepContext context,
        VaultDestination destination,
        string relativePath,
        CancellationToken ct
    )
    {
        var folder = Path.GetDirectoryName(relativePath.Replace('/', Path.DirectorySeparatorChar))
            ?.Replace(Path.DirectorySeparatorChar, '/');
        var dir = string.IsNullOrEmpty(folder)
            ? destination.Root
            : destination.Root.Combine(folder);
        foreach (var entry in await rclone.ListAsync(dir, ct))
        {
            if (!entry.IsDir && entry.Name.StartsWith(context.TempPrefix, StringComparison.Ordinal))
            {
                await rclone.DeleteFileAsync(Sibling(destination, relativePath, entry.Name), ct);
                log.LogInformation(
                    "Removed a leftover partial upload {Name} in {Destination}",
                    entry.Name,
                    destination.Name
                );
            }
        }
    }

    private static RemotePath Sibling(
        VaultDestination destination,
        string relativePath,
        string name
    )
    {
        var slash = relativePath.LastIndexOf('/');
        return destination.Root.Combine(slash < 0 ? name : relativePath[..(slash + 1)] + name);
    }

    public static string? Problem(RemoteEntry remote, LocalDigest digest, HashType? hash)
    {
        if (remote.Size != digest.Size)
        {
            return $"size {remote.Size:N0} bytes, expected {digest.Size:N0}";
        }

        if (hash is null)
        {
            return null;
        }

        return remote.Hashes.TryGetValue(hash, out var value) && value == digest.Hashes[hash]
            ? null
            : $"{hash} {(remote.Hashes.TryGetValue(hash, out var v) ? v : "missing")}, expected {digest.Hashes[hash]}";
    }

    private static VaultCopy Copy(
        Artifact artifact,
        VaultDestination destination,
        RemotePath final,
        LocalDigest digest,
        HashType? hash
    ) =>
        new(
            artifact,
            destination.Name,
            final.Redacted,
            digest.Size,
            hash is null ? "size" : $"{hash}:{digest.Hashes[hash]}"
        );
}

/// <summary>Where an upload reads from: a local file, or (for replicas) a copy already in the vault.</summary>
public abstract record VaultSource
{
    private VaultSource() { }

    public sealed record Local(string Path) : VaultSource;

    public sealed record Remote(RemotePath Path) : VaultSource;
}

/// <summary>A file's size and the hashes the destinations can compare.</summary>
public sealed record LocalDigest(long Size, IReadOnlyDictionary<HashType, string> Hashes)
{
    public static async Task<LocalDigest> OfAsync(string path, CancellationToken ct) =>
        new(
            new FileInfo(path).Length,
            await LocalHasher.HashAsync(path, LocalHasher.Supported.ToList(), ct)
        );
}

/// <summary>An uploaded copy that does not match the local file; retried.</summary>
public sealed class VaultVerificationException(string message) : Exception(message);
