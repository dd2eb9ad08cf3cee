using Microsoft.Extensions.Logging;
using Sluice.Domain.Items;
using Sluice.Node.Engine;
using Sluice.Node.Metrics;
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
    DestinationGate gate,
    ILogger<VaultUploader> log,
    RcloneClients? clients = null,
    NodeMetrics? metrics = null
)
{
    /// <summary>
    /// The client that carries a destination's bandwidth limit: rclone's limiter is per
    /// process, so each distinct limit gets its own rclone (daemon or processes).
    /// </summary>
    private RcloneClient TransferClient(VaultDestination destination) =>
        destination.BandwidthLimit is { } limit && clients is not null
            ? clients.For(["--bwlimit", limit])
            : rclone;

    /// <param name="size">The file's size, known before its digest: the gate counts it against the daily cap.</param>
    /// <param name="digest">
    /// The file's hashes, awaited only when a copy is compared: a local file is hashed while it
    /// uploads, so a large one is read twice at once instead of one read after the other.
    /// </param>
    public async Task<VaultCopy> UploadAsync(
        StepContext context,
        Artifact artifact,
        VaultSource source,
        string relativePath,
        VaultDestination destination,
        long size,
        Task<LocalDigest> digest,
        CancellationToken ct
    )
    {
        var final = destination.Root.Combine(relativePath);
        var planned = await destinations.PlanAsync(destination, source is VaultSource.Local, ct);

        // One listing of the folder answers both "is something already there?" and "did an
        // earlier attempt leave partial uploads?"; only a name that exists is asked for its hash.
        var listing = await rclone.ListAsync(FolderOf(destination, relativePath), ct);
        var name = relativePath[(relativePath.LastIndexOf('/') + 1)..];
        if (listing.Any(e => !e.IsDir && e.Name == name))
        {
            var (plan, existing) = await StatAsync(final, planned, digest, ct);
            if (existing is not null)
            {
                if (
                    await ProblemAsync(
                        existing,
                        final,
                        plan,
                        await digest,
                        source,
                        destination,
                        relativePath,
                        ct
                    )
                    is null
                )
                {
                    log.LogInformation(
                        "{Path} is already in {Destination}; verified, not uploading again",
                        relativePath,
                        destination.Name
                    );
                    return Copy(artifact, destination, final, await digest, plan);
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
        }

        var reservation = await gate.EnterAsync(destination, size, ct);
        // An upload window that closes mid-upload stops the upload: "nights only" means it.
        using var windowEnd = gate.WindowEnd(reservation);
        using var transfer = CancellationTokenSource.CreateLinkedTokenSource(ct, windowEnd.Token);
        try
        {
            await SweepTempsAsync(context, destination, relativePath, listing, ct);
            await TransferAsync(context, source, relativePath, destination, final, transfer.Token);
        }
        catch (OperationCanceledException)
            when (windowEnd.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            await gate.WindowClosedAsync(destination, reservation, relativePath);
            throw; // not reached: the gate always throws
        }
        catch (RcloneException ex) when (ex.Kind == RcloneErrorKind.QuotaExceeded)
        {
            await reservation.ReleaseAsync();
            await gate.PauseForQuotaAsync(destination, ex);
            throw; // not reached: the gate always throws
        }
        catch
        {
            await reservation.ReleaseAsync();
            throw;
        }

        var (verifyPlan, uploaded) = await StatAsync(final, planned, digest, ct);
        var problem = uploaded is null
            ? "it is missing after the move"
            : await ProblemAsync(
                uploaded,
                final,
                verifyPlan,
                await digest,
                source,
                destination,
                relativePath,
                ct
            );
        if (problem is not null)
        {
            // Ours and wrong: remove it so the retry starts clean instead of finding a "different file".
            await rclone.DeleteFileAsync(final, ct);
            throw new VaultVerificationException(
                $"The copy in {destination.Name} did not verify: {problem}."
            );
        }

        metrics?.Vaulted(destination.Name, size);
        return Copy(artifact, destination, final, await digest, verifyPlan);
    }

    /// <summary>The copy at <paramref name="final"/> with the hash the plan compares, once the digest says which plan it can serve.</summary>
    private async Task<(VerifyPlan Plan, RemoteEntry? Entry)> StatAsync(
        RemotePath final,
        VerifyPlan planned,
        Task<LocalDigest> digest,
        CancellationToken ct
    )
    {
        var plan = Usable(planned, await digest);
        var hash = (plan as VerifyPlan.Hash)?.Type;
        return (plan, await rclone.StatAsync(final, hash is null ? [] : [hash], ct));
    }

    private async Task TransferAsync(
        StepContext context,
        VaultSource source,
        string relativePath,
        VaultDestination destination,
        RemotePath final,
        CancellationToken ct
    )
    {
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
                await TransferClient(destination)
                    .CopyToAsync(local.Path, temp, progress, PostCopyCheck.Caller, ct);
                break;
            case VaultSource.Remote remote:
                await TransferClient(destination)
                    .CopyBetweenAsync(remote.Path, temp, progress, PostCopyCheck.Caller, ct);
                break;
            default:
                throw new InvalidOperationException(
                    $"Unknown vault source {source.GetType().Name}."
                );
        }

        await rclone.MoveToAsync(temp, final, ct);
    }

    /// <summary>A plan the digest can serve: a hash the source side lacks falls back to size (a replica filled from a remote without it).</summary>
    private static VerifyPlan Usable(VerifyPlan plan, LocalDigest digest) =>
        plan switch
        {
            VerifyPlan.Hash h when !digest.Hashes.ContainsKey(h.Type) => new VerifyPlan.Size(),
            VerifyPlan.Download d when !digest.Hashes.ContainsKey(d.Type) => new VerifyPlan.Size(),
            _ => plan,
        };

    /// <summary>What is wrong with the copy at <paramref name="final"/>, or null when it verifies by the plan.</summary>
    private async Task<string?> ProblemAsync(
        RemoteEntry entry,
        RemotePath final,
        VerifyPlan plan,
        LocalDigest digest,
        VaultSource source,
        VaultDestination destination,
        string relativePath,
        CancellationToken ct
    )
    {
        if (Problem(entry, digest, (plan as VerifyPlan.Hash)?.Type) is { } problem)
        {
            return problem;
        }

        switch (plan)
        {
            case VerifyPlan.Download download:
                var read = await rclone.DownloadHashAsync(final, download.Type, ct);
                return read == digest.Hashes[download.Type]
                    ? null
                    : $"read back, its {download.Type} is {read}, expected {digest.Hashes[download.Type]}";
            case VerifyPlan.CryptCheck when source is VaultSource.Local local:
                var root = LocalRoot(local.Path, relativePath);
                return root is null
                    ? "cryptcheck needs the file under the library root"
                    : await rclone.CryptCheckAsync(root, destination.Root, relativePath, ct);
            default:
                return null;
        }
    }

    /// <summary>The folder that <paramref name="relativePath"/> is relative to, when the local path ends with it.</summary>
    private static string? LocalRoot(string localPath, string relativePath)
    {
        var native = relativePath.Replace('/', Path.DirectorySeparatorChar);
        return localPath.EndsWith(Path.DirectorySeparatorChar + native, StringComparison.Ordinal)
            ? localPath[..^(native.Length + 1)]
            : null;
    }

    /// <summary>Removes what earlier attempts on this item left beside the final name.</summary>
    private async Task SweepTempsAsync(
        StepContext context,
        VaultDestination destination,
        string relativePath,
        IReadOnlyList<RemoteEntry> listing,
        CancellationToken ct
    )
    {
        foreach (var entry in listing)
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

    private static RemotePath FolderOf(VaultDestination destination, string relativePath)
    {
        var slash = relativePath.LastIndexOf('/');
        return slash < 0 ? destination.Root : destination.Root.Combine(relativePath[..slash]);
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
        VerifyPlan plan
    ) => new(artifact, destination.Name, final.Redacted, digest.Size, Verification(plan, digest));

    /// <summary>What was verified, as the journal keeps it: `md5:…`, `download+md5:…`, `cryptcheck` or `size`.</summary>
    public static string Verification(VerifyPlan plan, LocalDigest digest) =>
        plan switch
        {
            VerifyPlan.Hash h => $"{h.Type}:{digest.Hashes[h.Type]}",
            VerifyPlan.Download d => $"download+{d.Type}:{digest.Hashes[d.Type]}",
            VerifyPlan.CryptCheck => "cryptcheck",
            _ => "size",
        };
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
    /// <summary>The file's size and the <paramref name="types"/> of hash asked for, in one read.</summary>
    public static async Task<LocalDigest> OfAsync(
        string path,
        IReadOnlyCollection<HashType> types,
        CancellationToken ct
    ) =>
        new(
            new FileInfo(path).Length,
            types.Count == 0
                ? new Dictionary<HashType, string>()
                : await LocalHasher.HashAsync(path, types, ct)
        );
}

/// <summary>An uploaded copy that does not match the local file; retried.</summary>
public sealed class VaultVerificationException(string message) : Exception(message);
