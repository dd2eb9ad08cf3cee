using System.Security.Cryptography;
using Sluice.Testing;
using Sluice.Testing.Union;
using Sluice.Tools.Processes;
using Sluice.Tools.Rclone;

namespace Sluice.Node.Tests.Union;

/// <summary>
/// Tiering as the union's reader sees it: the file goes to the vault the way Sluice uploads it
/// (rclone copyto), its vault copy is checked the way tiering checks it just before deleting
/// (size and hash from the remote), the local file is deleted, and the same union path keeps
/// reading the same bytes, now from the cloud. TierPass itself is left out on purpose: this
/// pins the storage contract it relies on, not its selection rules (TierPassSpecs has those).
/// </summary>
public sealed class UnionEvictionSpecs
{
    private const string Episode = "Shows/Show (2020)/Season 01/Show (2020) - S01E01.mkv";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task After_tiering_deletes_a_verified_file_the_union_reads_the_same_bytes_from_the_vault()
    {
        await using var world = await UnionWorld.StartAsync(Ct);
        var content = UnionWorld.Bytes(7, length: 2_000_000);
        await UnionWorld.WriteAsync(world.InLibrary(Episode), content, Ct);
        var rclone = Rclone(world);
        var remote = RemotePath.Parse(UnionWorld.Destination).Combine(Episode);
        await rclone.CopyToAsync(world.InLibrary(Episode), remote, null, Ct);
        // Mounted after the upload: deployed, Tier:MinResidency (a day) outlasts the mount's
        // one-hour directory cache, so by eviction time the mount lists the file.
        await world.MountAsync(Ct);
        var playedLocally = await ReadHashAsync(world.InUnion(Episode));
        CachedFromCloud(world).ShouldBeEmpty();

        var copy = await rclone.StatAsync(remote, [HashType.Md5], Ct);
        copy.ShouldNotBeNull();
        copy.Size.ShouldBe(content.Length);
#pragma warning disable CA5351 // MD5 is what the sftp vault reports: an integrity check, not security.
        copy.Hashes[HashType.Md5].ShouldBe(Convert.ToHexStringLower(MD5.HashData(content)));
#pragma warning restore CA5351
        File.Delete(world.InLibrary(Episode));

        File.Exists(world.InLibrary(Episode)).ShouldBeFalse();
        Directory
            .GetFiles(Path.GetDirectoryName(world.InUnion(Episode))!)
            .Select(Path.GetFileName)
            .ShouldBe([Path.GetFileName(Episode)]);
        var playedFromVault = await ReadHashAsync(world.InUnion(Episode));
        playedFromVault.ShouldBe(playedLocally);
        playedFromVault.ShouldBe(Convert.ToHexStringLower(SHA256.HashData(content)));
        CachedFromCloud(world).ShouldBe([Path.GetFileName(Episode)]);
    }

    /// <summary>The files rclone's VFS cache holds: proof of which reads went to the cloud.</summary>
    private static List<string?> CachedFromCloud(UnionWorld world) =>
        !Directory.Exists(Path.Combine(world.Union.RcloneCache, "vfs"))
            ? []
            :
            [
                .. Directory
                    .EnumerateFiles(
                        Path.Combine(world.Union.RcloneCache, "vfs"),
                        "*",
                        new EnumerationOptions { RecurseSubdirectories = true }
                    )
                    .Select(Path.GetFileName),
            ];

    private static RcloneClient Rclone(UnionWorld world) =>
        new(
            new ProcessRunner(
                TimeProvider.System,
                new ProcessRunnerOptions { OwnerTag = "union-test" }
            ),
            new RcloneOptions { ConfigPath = world.Vault.ConfigPath }
        );

    /// <summary>Streams the file as a player would, bounded so a hung mount fails the spec.</summary>
    private static async Task<string> ReadHashAsync(string path)
    {
        await using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(
            await SHA256.HashDataAsync(stream, Ct).AsTask().WaitAsync(TimeSpan.FromSeconds(20), Ct)
        );
    }
}
