using System.Collections.Immutable;
using Sluice.Domain.Items;
using Sluice.Node.Engine;
using Sluice.Tools.Rclone;

namespace Sluice.Node.Vault;

/// <summary>
/// The distribute step (Izumi's distributor): fills each replica destination from a primary
/// copy, remote to remote, on a node with good bandwidth, so the node that holds the file
/// uploads it once. Each replica copy is verified against the primary, which the remote is
/// asked to hash in the replica's hash type.
/// </summary>
public sealed class DistributeHandler(
    NodeState node,
    VaultDestinations destinations,
    VaultUploader uploader,
    RcloneClient rclone
) : IStepHandler
{
    public Step Step => Step.Distribute;

    public async Task<ItemCommand> RunAsync(StepContext context, CancellationToken ct)
    {
        var item = context.Item;
        var copies = ImmutableArray.CreateBuilder<VaultCopy>();
        foreach (var (artifact, replicaName) in item.PendingReplicas)
        {
            var replica =
                destinations.Named(replicaName)
                ?? throw new PermanentStepException(
                    $"Replica {replicaName} is not configured on node {node.Name}: a node with the distribute role needs every vault destination."
                );
            var relative =
                item.PathOf(artifact)
                ?? throw new InvalidOperationException(
                    $"Item {item.Id} has no {Names.Of(artifact)} file."
                );
            var (primary, source) = PrimaryOf(item, artifact);
            var hash = await destinations.VerificationHashAsync(replica, ct);
            var entry =
                await rclone.StatAsync(source, hash is null ? [] : [hash], ct)
                ?? throw new PermanentStepException(
                    $"The primary copy {primary.RemotePath} is missing; cannot fill replica {replicaName}."
                );
            if (entry.Size != primary.Size)
            {
                throw new PermanentStepException(
                    $"The primary copy {primary.RemotePath} has {entry.Size:N0} bytes, {primary.Size:N0} were vaulted; not copying it on."
                );
            }

            var digest = new LocalDigest(entry.Size, WithRecorded(entry.Hashes, primary));
            copies.Add(
                await uploader.UploadAsync(
                    context,
                    artifact,
                    new VaultSource.Remote(source),
                    relative,
                    replica,
                    digest.Size,
                    Task.FromResult(digest),
                    ct
                )
            );
        }

        return new CompleteDistribute(copies.ToImmutable());
    }

    /// <summary>
    /// The primary's hashes as the remote reports them, plus the one recorded when it was
    /// vaulted (a remote without hashes was verified by reading it back): what the replica's
    /// copy is compared with.
    /// </summary>
    private static Dictionary<HashType, string> WithRecorded(
        IReadOnlyDictionary<HashType, string> reported,
        VaultCopy primary
    )
    {
        var hashes = new Dictionary<HashType, string>(reported);
        var verification = primary.Verification.StartsWith("download+", StringComparison.Ordinal)
            ? primary.Verification["download+".Length..]
            : primary.Verification;
        var colon = verification.IndexOf(':', StringComparison.Ordinal);
        if (colon > 0)
        {
            hashes.TryAdd(HashType.Parse(verification[..colon]), verification[(colon + 1)..]);
        }

        return hashes;
    }

    /// <summary>A primary copy this node can reach, and its full remote path.</summary>
    private (VaultCopy Copy, RemotePath Path) PrimaryOf(Item item, Artifact artifact)
    {
        foreach (var copy in item.Copies.Where(c => c.Artifact == artifact))
        {
            if (destinations.Named(copy.Destination) is { Replica: false } primary)
            {
                return (copy, primary.Root.Combine(item.PathOf(artifact)!));
            }
        }

        throw new PermanentStepException(
            $"No primary copy of the {Names.Of(artifact)} of item {item.Id} is on a destination configured on node {node.Name}."
        );
    }
}
