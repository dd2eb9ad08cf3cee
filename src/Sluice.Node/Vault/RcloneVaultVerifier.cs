using Sluice.Domain.Items;
using Sluice.Node.Configuration;
using Sluice.Node.Tier;
using Sluice.Tools.Rclone;

namespace Sluice.Node.Vault;

/// <summary>
/// Re-checks a recorded copy against what the journal says it was: the same size, and the
/// same hash when one was recorded; a crypt copy by cryptcheck against the library file.
/// Asks the remote, never trusts a cache. A copy verified by download when it was made is
/// checked by size here: reading every file back before each eviction would double the
/// traffic of a remote without hashes.
/// </summary>
public sealed class RcloneVaultVerifier(
    RcloneClient rclone,
    VaultDestinations destinations,
    NodePaths paths
) : IVaultVerifier
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

        if (copy.Verification == "cryptcheck")
        {
            try
            {
                return
                    await rclone.CryptCheckAsync(paths.Library, destination.Root, relativePath, ct)
                        is { } difference
                    ? $"{copy.RemotePath} fails cryptcheck: {difference}"
                    : null;
            }
            catch (RcloneException ex)
            {
                return $"cannot cryptcheck {copy.Destination}: {ex.Message}";
            }
        }

        return
            hash is null || (entry.Hashes.TryGetValue(hash, out var actual) && actual == expected)
            ? null
            : $"{copy.RemotePath} has a different {hash}";
    }

    private static (HashType? Hash, string? Value) ParseVerification(string verification)
    {
        if (
            verification.StartsWith("download+", StringComparison.Ordinal)
            || verification == "cryptcheck"
        )
        {
            return (null, null);
        }

        var colon = verification.IndexOf(':', StringComparison.Ordinal);
        return colon < 0
            ? (null, null)
            : (HashType.Parse(verification[..colon]), verification[(colon + 1)..]);
    }
}
