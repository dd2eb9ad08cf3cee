using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Sluice.Domain.Items;
using Sluice.Node.Configuration;
using Sluice.Node.Tests.Support;
using Sluice.Node.Tier;
using Sluice.Node.Vault;
using Sluice.Store;
using Sluice.Tools.Processes;
using Sluice.Tools.Rclone;

namespace Sluice.Node.Tests.Tier;

/// <summary>Finished items whose files are in the library and, verifiably, in the node's local vault.</summary>
internal static class TierFixtures
{
    public static readonly DateTime Long = new(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    public static RcloneVaultVerifier Verifier(NodeHarness node)
    {
        var rclone = new RcloneClient(
            new ProcessRunner(
                TimeProvider.System,
                new ProcessRunnerOptions { OwnerTag = "tier-test" }
            ),
            new RcloneOptions()
        );
        return new RcloneVaultVerifier(
            rclone,
            new VaultDestinations(Options.Create(new VaultOptions()), node.Paths, rclone),
            node.Paths
        );
    }

    public static byte[] Content(string name, int bytes)
    {
        var content = new byte[bytes];
        new Random(StableSeed(name)).NextBytes(content);
        return content;
    }

    /// <summary>FNV-1a: the same bytes for the same name in every run, so a failing seed replays.</summary>
    private static int StableSeed(string name) =>
        (int)name.Aggregate(2166136261u, (h, c) => (h ^ c) * 16777619u);

    /// <summary>Writes the file at library path <paramref name="relative"/> and its vault copy; returns the copy.</summary>
    public static async Task<VaultCopy> PlaceAsync(
        NodeHarness node,
        Artifact artifact,
        string relative,
        byte[] content,
        CancellationToken ct
    )
    {
        var library = Path.Combine(node.Paths.Library, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(library)!);
        await File.WriteAllBytesAsync(library, content, ct);
        var vault = Path.Combine(node.Paths.LocalVault, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(vault)!);
        await File.WriteAllBytesAsync(vault, content, ct);
#pragma warning disable CA5351 // MD5 here is what the vault backend reports, an integrity check, not security.
        var md5 = Convert.ToHexStringLower(MD5.HashData(content));
#pragma warning restore CA5351
        return new VaultCopy(artifact, "local", vault, content.Length, $"md5:{md5}");
    }

    /// <summary>
    /// A finished item: its source of <paramref name="bytes"/> at Shows/NAME and, when
    /// <paramref name="encodedBytes"/> is set, an encoded output at Encoded/Shows/NAME.mp4.
    /// </summary>
    public static async Task<ItemId> FinishedAsync(
        NodeHarness node,
        string name,
        int bytes,
        DateTime lastAccess,
        CancellationToken ct,
        bool vaulted = true,
        int encodedBytes = 0
    )
    {
        var relative = $"Shows/{name}";
        var copy = await PlaceAsync(node, Artifact.Source, relative, Content(name, bytes), ct);
        var id = (
            await node.Store.DiscoverAsync(
                new NewItem(name, $"/in/{name}", bytes, $"sha256:{name}"),
                ct,
                node.Node.Name
            )
        ).Id;
        await node.RunAsync(
            id,
            new CompleteSanitize(relative, new MediaSummary("episode", name, 1, [1], null))
        );
        await node.RunAsync(id, new CompleteVault(Artifact.Source, vaulted ? [copy] : []));
        await node.RunAsync(id, new CompleteTier(0, 0, 0));
        string? encoded = null;
        if (encodedBytes > 0)
        {
            encoded = $"Encoded/Shows/{name}.mp4";
            var output = await PlaceAsync(
                node,
                Artifact.Encoded,
                encoded,
                Content(encoded, encodedBytes),
                ct
            );
            await node.RunAsync(
                id,
                new CompleteEncode(
                    new EncodeOutput("remux", encoded, encodedBytes, 1, node.Node.Name)
                )
            );
            await node.RunAsync(id, new CompleteVault(Artifact.Encoded, [output]));
        }
        else
        {
            await node.RunAsync(id, new SkipEncode("test"));
        }

        await node.RunAsync(id, new CompleteNotify([]));
        foreach (var path in new[] { relative, encoded }.OfType<string>())
        {
            var full = Path.Combine(node.Paths.Library, path);
            File.SetLastAccessTimeUtc(full, lastAccess);
            File.SetLastWriteTimeUtc(full, lastAccess);
        }

        return id;
    }

    public static List<string> LibraryFiles(NodeHarness node) =>
        [
            .. Directory
                .EnumerateFiles(node.Paths.Library, "*", SearchOption.AllDirectories)
                .Select(f => Path.GetRelativePath(node.Paths.Library, f))
                .Order(StringComparer.Ordinal),
        ];
}
