using System.Security.Cryptography;

namespace Sluice.Node.Files;

/// <summary>The content fingerprint of a file: "sha256:" and the hex digest of every byte.</summary>
public static class ContentHash
{
    public const string Prefix = "sha256:";

    public static async Task<string> OfFileAsync(string path, CancellationToken ct)
    {
        await using var stream = new FileStream(
            path,
            new FileStreamOptions
            {
                Mode = FileMode.Open,
                Access = FileAccess.Read,
                Share = FileShare.ReadWrite,
                BufferSize = 1 << 20,
                Options = FileOptions.SequentialScan | FileOptions.Asynchronous,
            }
        );
        var digest = await SHA256.HashDataAsync(stream, ct);
        return Prefix + Convert.ToHexStringLower(digest);
    }

    /// <summary>True when the file at <paramref name="path"/> has this size and fingerprint.</summary>
    public static async Task<bool> MatchesAsync(
        string path,
        long size,
        string fingerprint,
        CancellationToken ct
    ) =>
        File.Exists(path)
        && new FileInfo(path).Length == size
        && await OfFileAsync(path, ct) == fingerprint;
}
