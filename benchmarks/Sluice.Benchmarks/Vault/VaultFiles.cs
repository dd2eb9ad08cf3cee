namespace Sluice.Benchmarks.Vault;

/// <summary>Random-content files: small ones 20 to a folder under Small/, large ones under Large/.</summary>
internal sealed record VaultFiles(
    string Root,
    IReadOnlyList<string> Small,
    IReadOnlyList<string> Large
)
{
    public long SmallBytes => Small.Sum(f => new FileInfo(f).Length);

    public long LargeBytes => Large.Sum(f => new FileInfo(f).Length);

    public static async Task<VaultFiles> CreateAsync(
        string root,
        int small,
        int large,
        int largeMegabytes
    )
    {
        var random = new Random(42);
        var smallFiles = new List<string>();
        for (var i = 0; i < small; i++)
        {
            var folder = Directory.CreateDirectory(
                Path.Combine(root, "Small", $"Show {i / 20:000}", "Season 01")
            );
            var bytes = new byte[random.Next(4_000, 100_000)];
            random.NextBytes(bytes);
            var path = Path.Combine(
                folder.FullName,
                $"Show {i / 20:000} - S01E{i % 20 + 1:00}.bin"
            );
            await File.WriteAllBytesAsync(path, bytes);
            smallFiles.Add(path);
        }

        var largeFiles = new List<string>();
        var chunk = new byte[1 << 20];
        for (var i = 0; i < large; i++)
        {
            var path = Path.Combine(
                Directory.CreateDirectory(Path.Combine(root, "Large")).FullName,
                $"Movie {i}.bin"
            );
            await using var stream = File.Create(path);
            for (var mb = 0; mb < largeMegabytes; mb++)
            {
                random.NextBytes(chunk);
                await stream.WriteAsync(chunk);
            }

            largeFiles.Add(path);
        }

        return new VaultFiles(root, smallFiles, largeFiles);
    }
}
