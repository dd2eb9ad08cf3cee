using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Sluice.Node.Configuration;
using Sluice.Tools.Rclone;

namespace Sluice.Node.Vault;

/// <summary>A configured vault destination, resolved to an rclone path.</summary>
/// <param name="Replica">Filled by the distribute step from a primary copy, not uploaded to directly.</param>
public sealed record VaultDestination(string Name, RemotePath Root, bool Replica = false)
{
    /// <summary>Upload windows, daily cap and quota resets; null: always open, no cap.</summary>
    public DestinationSchedule? Schedule { get; init; }

    public VerifyMode Verify { get; init; } = VerifyMode.Auto;

    /// <summary>rclone's `--bwlimit` for uploads to this destination.</summary>
    public string? BandwidthLimit { get; init; }
}

/// <summary>How a copy on one destination is checked, resolved from its <see cref="VerifyMode"/> and what the remote offers.</summary>
public abstract record VerifyPlan
{
    private VerifyPlan() { }

    /// <summary>The remote reports this hash; compared with the local one.</summary>
    public sealed record Hash(HashType Type) : VerifyPlan;

    public sealed record Size : VerifyPlan;

    /// <summary>Read back in full and hashed with <paramref name="Type"/>.</summary>
    public sealed record Download(HashType Type) : VerifyPlan;

    public sealed record CryptCheck : VerifyPlan;

    /// <summary>The hash of the local file this plan compares with, if any.</summary>
    public HashType? ComparedHash =>
        this switch
        {
            Hash h => h.Type,
            Download d => d.Type,
            _ => null,
        };
}

/// <summary>
/// The node's vault destinations. With none configured there is one, `local`, in the data
/// folder, so a fresh node works with no cloud account. Hash support is asked of rclone once
/// per destination and remembered.
/// </summary>
public sealed class VaultDestinations(
    IOptions<VaultOptions> options,
    NodePaths paths,
    RcloneClient rclone,
    TimeProvider? time = null
)
{
    /// <summary>The hashes to verify with, best first, among those Sluice can also compute locally.</summary>
    private static readonly HashType[] Preference = [HashType.Md5, HashType.Sha1, HashType.Sha256];

    private readonly ConcurrentDictionary<string, Lazy<Task<HashType?>>> _hashes = new();
    private readonly ConcurrentDictionary<string, Lazy<Task<bool>>> _crypt = new();

    public IReadOnlyList<VaultDestination> All { get; } =
        Resolve(options.Value, paths, (time ?? TimeProvider.System).LocalTimeZone);

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

    /// <summary>
    /// How to verify a copy on <paramref name="destination"/>. <paramref name="localSource"/>:
    /// the copy is made from a local file (cryptcheck needs one to encrypt).
    /// </summary>
    public async Task<VerifyPlan> PlanAsync(
        VaultDestination destination,
        bool localSource,
        CancellationToken ct
    )
    {
        switch (destination.Verify)
        {
            case VerifyMode.Size:
                return new VerifyPlan.Size();
            case VerifyMode.Download:
                return new VerifyPlan.Download(HashType.Md5);
            case VerifyMode.CryptCheck:
                return localSource
                    ? new VerifyPlan.CryptCheck()
                    : new VerifyPlan.Download(HashType.Md5);
            case VerifyMode.Hash:
                return await VerificationHashAsync(destination, ct) is { } required
                    ? new VerifyPlan.Hash(required)
                    : throw new RcloneException(
                        RcloneErrorKind.Permanent,
                        $"verify {destination.Name}: Verify is Hash but the remote offers no md5, sha1 or sha256; set Verify to Download, CryptCheck or Size",
                        1,
                        []
                    );
            default:
                if (await IsCryptAsync(destination, ct))
                {
                    return localSource
                        ? new VerifyPlan.CryptCheck()
                        : new VerifyPlan.Download(HashType.Md5);
                }

                return await VerificationHashAsync(destination, ct) is { } hash
                    ? new VerifyPlan.Hash(hash)
                    : new VerifyPlan.Download(HashType.Md5);
        }
    }

    private async Task<bool> IsCryptAsync(VaultDestination destination, CancellationToken ct)
    {
        var lookup = _crypt.GetOrAdd(
            destination.Name,
            _ => new Lazy<Task<bool>>(() =>
                rclone.IsCryptAsync(destination.Root, CancellationToken.None)
            )
        );
        try
        {
            return await lookup.Value.WaitAsync(ct);
        }
        catch (Exception) when (!ct.IsCancellationRequested)
        {
            _crypt.TryRemove(destination.Name, out _);
            throw;
        }
    }

    private static List<VaultDestination> Resolve(
        VaultOptions options,
        NodePaths paths,
        TimeZoneInfo zone
    ) =>
        options.Destinations.Count == 0
            ? [new VaultDestination("local", RemotePath.Local(paths.LocalVault))]
            :
            [
                .. options.Destinations.Select(
                    (d, i) =>
                        new VaultDestination(d.Name, ParseRemote(d.Remote), d.Replica)
                        {
                            Schedule = DestinationSchedule.Parse(
                                d,
                                zone,
                                $"Vault:Destinations:{i}"
                            ),
                            Verify = d.Verify,
                            BandwidthLimit = string.IsNullOrWhiteSpace(d.BandwidthLimit)
                                ? null
                                : d.BandwidthLimit.Trim(),
                        }
                ),
            ];

    /// <summary>`remote:path`, `:backend,…:path` or an absolute path as they are; a relative folder from the working directory.</summary>
    public static RemotePath ParseRemote(string remote) =>
        remote.StartsWith('/')
        || remote.StartsWith(':')
        || remote.Contains(':', StringComparison.Ordinal)
            ? RemotePath.Parse(remote)
            : RemotePath.Local(Path.GetFullPath(remote));
}
