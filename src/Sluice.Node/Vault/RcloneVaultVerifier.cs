using Sluice.Domain.Items;
using Sluice.Node.Tier;
using Sluice.Tools.Rclone;

namespace Sluice.Node.Vault;

/// <summary>
/// Re-checks a recorded copy against what the journal says it was: the same size, and the
/// same hash when one was recorded. Asks the remote, never trusts a cache.
/// </summary>
public sealed class RcloneVaultVerifier(RcloneClient rclone, VaultDestinations destinations)
    : IVaultVerifier
{
    public async Task<string?> ProblemWithAsync(
        VaultCopy copy,
        string relativePath,
        CancellationToken ct
    )
    {
        if (destinations.Named(copy.Destination) is not { } destination)
        {
            return $"destination {copy.Destination} is not configured on this node";
        }

        var (hash, expected) = ParseVerification(copy.Verification);
        RemoteEntry? entry;
        try
        {
            entry = await rclone.StatAsync(
                destination.Root.Combine(relativePath),
                hash is null ? [] : [hash],
                ct
            );
        }
        catch (RcloneException ex)
        {
            return $"cannot check {copy.Destination}: {ex.Message}";
        }

        if (entry is null)
        {
            return $"{copy.RemotePath} is missing";
        }

        if (entry.Size != copy.Size)
        {
            return $"{copy.RemotePath} has {entry.Size:N0} bytes, expected {copy.Size:N0}";
        }

        return
            hash is null || (entry.Hashes.TryGetValue(hash, out var actual) && actual == expected)
            ? null
            : $"{copy.RemotePath} has a different {hash}";
    }

    private static (HashType? Hash, string? Value) ParseVerification(string verification)
    {
        var colon = verification.IndexOf(':', StringComparison.Ordinal);
        return colon < 0
            ? (null, null)
            : (HashType.Parse(verification[..colon]), verification[(colon + 1)..]);
    }
}
