using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Sluice.Node.Configuration;
using Sluice.Tools.Rclone;

namespace Sluice.Node.Vault;

/// <summary>A configured vault destination, resolved to an rclone path.</summary>
/// <param name="Replica">Filled by the distribute step from a primary copy, not uploaded to directly.</param>
public sealed record VaultDestination(string Name, RemotePath Root, bool Replica = false);

/// <summary>
/// The node's vault destinations. With none configured there is one, `local`, in the data
/// folder, so a fresh node works with no cloud account. Hash support is asked of rclone once
/// per destination and remembered.
/// </summary>
public sealed class VaultDestinations(
    IOptions<VaultOptions> options,
    NodePaths paths,
    RcloneClient rclone
)
{
    /// <summary>The hashes to verify with, best first, among those Sluice can also compute locally.</summary>
    private static readonly HashType[] Preference = [HashType.Md5, HashType.Sha1, HashType.Sha256];

    private readonly ConcurrentDictionary<string, Lazy<Task<HashType?>>> _hashes = new();

    public IReadOnlyList<VaultDestination> All { get; } = Resolve(options.Value, paths);

    public VaultDestination? Named(string name) => All.FirstOrDefault(d => d.Name == name);

    /// <summary>Where the node holding a file uploads it.</summary>
    public IEnumerable<VaultDestination> Primaries => All.Where(d => !d.Replica);

    /// <summary>Filled later by the distribute step.</summary>
    public IEnumerable<VaultDestination> Replicas => All.Where(d => d.Replica);

    /// <summary>The hash both sides can compute for this destination, or null to verify by size.</summary>
    public async Task<HashType?> VerificationHashAsync(
        VaultDestination destination,
        CancellationToken ct
    )
    {
        var lookup = _hashes.GetOrAdd(
            destination.Name,
            _ => new Lazy<Task<HashType?>>(async () =>
            {
                var supported = await rclone.HashTypesAsync(
                    destination.Root,
                    CancellationToken.None
                );
                return Preference.FirstOrDefault(supported.Contains);
            })
        );
        try
        {
            return await lookup.Value.WaitAsync(ct);
        }
        catch (Exception) when (!ct.IsCancellationRequested)
        {
            // A dead remote must not be remembered as "no hashes": ask again next time.
            _hashes.TryRemove(destination.Name, out _);
            throw;
        }
    }

    private static List<VaultDestination> Resolve(VaultOptions options, NodePaths paths) =>
        options.Destinations.Count == 0
            ? [new VaultDestination("local", RemotePath.Local(paths.LocalVault))]
            :
            [
                .. options.Destinations.Select(d => new VaultDestination(
                    d.Name,
                    ParseRemote(d.Remote),
                    d.Replica
                )),
            ];

    /// <summary>`remote:path`, `:backend,…:path` or an absolute path as they are; a relative folder from the working directory.</summary>
    public static RemotePath ParseRemote(string remote) =>
        remote.StartsWith('/')
        || remote.StartsWith(':')
        || remote.Contains(':', StringComparison.Ordinal)
            ? RemotePath.Parse(remote)
            : RemotePath.Local(Path.GetFullPath(remote));
}
