using System.Security.Cryptography;

namespace Sluice.Tools.Rclone;

/// <summary>
/// Hashes a local file the way rclone reports remote hashes (lower-case hex), every requested
/// type in one streamed pass, so a multi-gigabyte file is read once and never held in memory.
/// </summary>
/// <remarks>MD5 and SHA-1 are here for integrity checks against backends that offer only those, not for security.</remarks>
public static class LocalHasher
{
    private const int BufferSize = 1 << 20;

    public static IReadOnlySet<HashType> Supported { get; } =
        new HashSet<HashType> { HashType.Md5, HashType.Sha1, HashType.Sha256 };

    public static async Task<IReadOnlyDictionary<HashType, string>> HashAsync(
        string path,
        IReadOnlyCollection<HashType> hashTypes,
        CancellationToken cancellationToken
    )
    {
        var hashers = hashTypes.Distinct().ToDictionary(t => t, Create);
        try
        {
            await using var stream = new FileStream(
                path,
                FileMode.Open,
                FileAccess.Read,
                FileShare.Read,
                BufferSize,
                FileOptions.Asynchronous | FileOptions.SequentialScan
            );
            var buffer = new byte[BufferSize];
            int read;
            while ((read = await stream.ReadAsync(buffer, cancellationToken)) > 0)
            {
                foreach (var hasher in hashers.Values)
                {
                    hasher.AppendData(buffer, 0, read);
                }
            }

            return hashers.ToDictionary(
                h => h.Key,
                h => Convert.ToHexStringLower(h.Value.GetHashAndReset())
            );
        }
        finally
        {
            foreach (var hasher in hashers.Values)
            {
                hasher.Dispose();
            }
        }
    }

    private static IncrementalHash Create(HashType type) =>
        type.Name switch
        {
            "md5" => IncrementalHash.CreateHash(HashAlgorithmName.MD5),
            "sha1" => IncrementalHash.CreateHash(HashAlgorithmName.SHA1),
            "sha256" => IncrementalHash.CreateHash(HashAlgorithmName.SHA256),
            _ => throw new ArgumentException(
                $"LocalHasher cannot compute {type.Name}; it supports md5, sha1 and sha256.",
                nameof(type)
            ),
        };
}
