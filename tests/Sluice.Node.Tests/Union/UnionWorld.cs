using Sluice.Testing;
using Sluice.Testing.Rclone;
using Sluice.Testing.Union;

namespace Sluice.Node.Tests.Union;

/// <summary>
/// A small library on the local disk, a vault behind <c>rclone serve sftp</c> on loopback whose
/// destination is <c>vault:Media</c> (mirroring the library layout, as Sluice's vault does), and
/// the union view over both once <see cref="MountAsync"/> ran. Files are put in place before the
/// mount: the mount caches directory listings for an hour, as deployed.
/// </summary>
internal sealed class UnionWorld : IAsyncDisposable
{
    public const string Destination = "vault:Media";

    private readonly TempDirectory _library;
    private UnionMount? _union;

    private UnionWorld(TempDirectory library, RcloneSftpServer vault)
    {
        _library = library;
        Vault = vault;
    }

    public RcloneSftpServer Vault { get; }

    public string Library => _library.Path;

    public UnionMount Union =>
        _union ?? throw new InvalidOperationException("MountAsync has not run yet.");

    public static async Task<UnionWorld> StartAsync(CancellationToken ct) =>
        new(new TempDirectory("sluice-union-library"), await RcloneSftpServer.StartAsync(ct));

    public async Task<UnionMount> MountAsync(CancellationToken ct) =>
        _union = await UnionMount.StartAsync(Library, Vault.ConfigPath, Destination, ct);

    public string InLibrary(string relative) => Path.Combine(Library, relative);

    /// <summary>The vault copy as the sftp server stores it (the test's view behind the remote).</summary>
    public string InVault(string relative) => Path.Combine(Vault.RootDirectory, "Media", relative);

    public string InUnion(string relative) => Union.Combine(relative);

    public static async Task WriteAsync(string path, byte[] content, CancellationToken ct)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllBytesAsync(path, content, ct);
    }

    /// <summary>Deterministic bytes that differ per seed: enough to span several FUSE reads.</summary>
    public static byte[] Bytes(int seed, int length = 300_000)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    public async ValueTask DisposeAsync()
    {
        // Unmount before the folders under the branches go away.
        if (_union is not null)
        {
            await _union.DisposeAsync();
        }

        Vault.Dispose();
        _library.Dispose();
    }
}
