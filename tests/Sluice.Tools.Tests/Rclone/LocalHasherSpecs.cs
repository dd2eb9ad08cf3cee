using Sluice.Testing;
using Sluice.Tools.Processes;
using Sluice.Tools.Rclone;

namespace Sluice.Tools.Tests.Rclone;

public sealed class LocalHasherSpecs : IDisposable
{
    private readonly TempDirectory _temp = new("sluice-hash");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Md5_sha1_and_sha256_come_from_one_pass_as_lower_case_hex()
    {
        var file = _temp.Combine("abc.txt");
        await File.WriteAllTextAsync(file, "abc", TestContext.Current.CancellationToken);

        var hashes = await LocalHasher.HashAsync(
            file,
            [HashType.Md5, HashType.Sha1, HashType.Sha256],
            TestContext.Current.CancellationToken
        );

        hashes[HashType.Md5].ShouldBe("900150983cd24fb0d6963f7d28e17f72");
        hashes[HashType.Sha1].ShouldBe("a9993e364706816aba3e25717850c26c9cd0d89d");
        hashes[HashType.Sha256]
            .ShouldBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    [Fact]
    public async Task A_file_larger_than_the_buffer_hashes_like_md5sum_would()
    {
        var file = _temp.Combine("big.bin");
        var bytes = new byte[(3 << 20) + 17];
        new Random(7).NextBytes(bytes);
        await File.WriteAllBytesAsync(file, bytes, TestContext.Current.CancellationToken);

        var hashes = await LocalHasher.HashAsync(
            file,
            [HashType.Md5],
            TestContext.Current.CancellationToken
        );

        var md5sum = await new ProcessRunner(
            TimeProvider.System,
            new ProcessRunnerOptions { OwnerTag = "test-hash" }
        ).RunAsync(
            new ProcessCommand("md5sum").WithArguments(file),
            cancellationToken: TestContext.Current.CancellationToken
        );
        hashes[HashType.Md5].ShouldBe(md5sum.StandardOutputTail[0].Split(' ')[0]);
    }

    [Fact]
    public async Task A_hash_it_cannot_compute_is_refused()
    {
        var file = _temp.Combine("x");
        await File.WriteAllTextAsync(file, "x", TestContext.Current.CancellationToken);

        await Should.ThrowAsync<ArgumentException>(() =>
            LocalHasher.HashAsync(
                file,
                [HashType.Parse("quickxor")],
                TestContext.Current.CancellationToken
            )
        );
    }
}
