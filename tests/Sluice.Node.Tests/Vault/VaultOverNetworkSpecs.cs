using System.Security.Cryptography;
using Sluice.Domain.Items;
using Sluice.Node.Configuration;
using Sluice.Node.Vault;
using Sluice.Testing;
using Sluice.Testing.Rclone;

namespace Sluice.Node.Tests.Vault;

/// <summary>The vault step against real remotes: rclone serve sftp (md5 and sha1) and webdav (no hash) on loopback, and a crypt remote.</summary>
public sealed class VaultOverNetworkSpecs
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static byte[] Content(int size, int seed)
    {
        var bytes = new byte[size];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

#pragma warning disable CA5351 // MD5 is what the remotes report: an integrity check, not security.
    private static string Md5(byte[] content) => Convert.ToHexStringLower(MD5.HashData(content));
#pragma warning restore CA5351

    [Fact]
    public async Task Over_sftp_the_copy_is_verified_by_md5_and_a_later_truncation_is_caught_before_eviction()
    {
        using var sftp = await RcloneSftpServer.StartAsync(Ct);
        await using var rig = await VaultRig.CreateAsync(
            new VaultDestinationOptions { Name = "cloud", Remote = "vault:media" },
            sftp.ConfigPath
        );
        var content = Content(300_000, 1);
        var id = await rig.SanitizedAsync("Shows/Show/Season 01/Show - S01E01.mkv", content);

        (await rig.RunVaultAsync(id)).ShouldBeTrue();

        var copy = (await rig.ItemAsync(id)).Item.Copies.ShouldHaveSingleItem();
        copy.Verification.ShouldBe($"md5:{Md5(content)}");
        var remote = Path.Combine(
            sftp.RootDirectory,
            "media",
            "Shows/Show/Season 01/Show - S01E01.mkv"
        );
        (await File.ReadAllBytesAsync(remote, Ct)).ShouldBe(content);
        var verifier = new RcloneVaultVerifier(rig.Rclone, rig.Destinations, rig.Node.Paths);
        (
            await verifier.ProblemWithAsync(copy, "Shows/Show/Season 01/Show - S01E01.mkv", Ct)
        ).ShouldBeNull();

        await using (var stream = new FileStream(remote, FileMode.Open))
        {
            stream.SetLength(1000);
        }

        (
            await verifier.ProblemWithAsync(copy, "Shows/Show/Season 01/Show - S01E01.mkv", Ct)
        ).ShouldNotBeNull();
    }

    [Fact]
    public async Task Over_webdav_without_hashes_the_copy_is_read_back_and_a_same_size_corruption_is_refused()
    {
        using var webdav = await RcloneWebdavServer.StartAsync(Ct);
        await using var rig = await VaultRig.CreateAsync(
            new VaultDestinationOptions { Name = "dav", Remote = "vault:media" },
            webdav.ConfigPath
        );
        var content = Content(200_000, 2);
        var id = await rig.SanitizedAsync("Movies/Film (2020)/Film (2020).mkv", content);

        (await rig.RunVaultAsync(id)).ShouldBeTrue();

        (await rig.ItemAsync(id))
            .Item.Copies.ShouldHaveSingleItem()
            .Verification.ShouldBe($"download+md5:{Md5(content)}");

        // A second item whose target already holds the same number of different bytes: only
        // reading it back tells them apart, and the user's file is never overwritten.
        var other = Content(200_000, 3);
        var squatter = Path.Combine(
            webdav.RootDirectory,
            "media",
            "Movies/Other (2021)/Other (2021).mkv"
        );
        var staged = Path.Combine(Path.GetTempPath(), $"sluice-squatter-{Guid.NewGuid():N}");
        await File.WriteAllBytesAsync(staged, other, Ct);
        await rig.Rclone.CopyToAsync(
            staged,
            Tools.Rclone.RemotePath.Parse("vault:media/Movies/Other (2021)/Other (2021).mkv"),
            null,
            Ct
        );
        File.Delete(staged);
        var second = await rig.SanitizedAsync(
            "Movies/Other (2021)/Other (2021).mkv",
            Content(200_000, 4)
        );

        (await rig.RunVaultAsync(second)).ShouldBeTrue();

        var view = await rig.ItemAsync(second);
        view.Item.State.ShouldBe(ItemState.Failed, view.Job?.LastError);
        view.Item.Failure.ShouldNotBeNull().Reason.ShouldContain("different file");
        (await File.ReadAllBytesAsync(squatter, Ct)).ShouldBe(other);
    }

    [Fact]
    public async Task A_server_that_dies_mid_upload_leaves_a_retry_and_the_library_file_untouched()
    {
        using var sftp = await RcloneSftpServer.StartAsync(Ct);
        await using var rig = await VaultRig.CreateAsync(
            new VaultDestinationOptions { Name = "cloud", Remote = "vault:media" },
            sftp.ConfigPath,
            rcloneFlags: ["--bwlimit", "2M", "--retries", "1", "--low-level-retries", "1"]
        );
        var content = Content(12_000_000, 5);
        const string Relative = "Shows/Show/Season 01/Show - S01E02.mkv";
        var id = await rig.SanitizedAsync(Relative, content);

        var run = rig.RunVaultAsync(id);
        var temp = Path.Combine(sftp.RootDirectory, "media", "Shows/Show/Season 01");
        (
            await Eventually.TrueWithinAsync(
                () =>
                    Directory.Exists(temp)
                    && Directory
                        .EnumerateFiles(temp, ".sluice-tmp-*")
                        .Any(f => new FileInfo(f).Length > 0),
                TimeSpan.FromSeconds(20),
                Ct
            )
        ).ShouldBeTrue("the upload never started");
        sftp.Stop();
        await run;

        var view = await rig.ItemAsync(id);
        view.Item.State.ShouldNotBe(ItemState.Failed, view.Item.Failure?.Reason);
        view.Item.Copies.ShouldBeEmpty();
        var job = view.Job.ShouldNotBeNull();
        job.Step.ShouldBe(Step.Vault);
        job.State.ShouldBe("retryable");
        job.Attempt.ShouldBe(1);
        job.LastError.ShouldNotBeNull();
        File.Exists(Path.Combine(sftp.RootDirectory, "media", Relative)).ShouldBeFalse();
        (await File.ReadAllBytesAsync(rig.LibraryFile(Relative), Ct)).ShouldBe(content);
    }

    [Fact]
    public async Task A_crypt_remote_is_verified_by_cryptcheck_which_catches_a_truncated_object()
    {
        using var temp = new TempDirectory("sluice-crypt");
        var under = temp.Combine("under");
        Directory.CreateDirectory(under);
        var config = temp.Combine("rclone.conf");
        var obscured = await ObscureAsync("crypt-test-password");
        await File.WriteAllTextAsync(
            config,
            $"[secret]\ntype = crypt\nremote = {under}\npassword = {obscured}\n",
            Ct
        );
        await using var rig = await VaultRig.CreateAsync(
            new VaultDestinationOptions { Name = "secret", Remote = "secret:media" },
            config
        );
        const string Relative = "Shows/Show/Season 01/Show - S01E03.mkv";
        var id = await rig.SanitizedAsync(Relative, Content(150_000, 6));

        (await rig.RunVaultAsync(id)).ShouldBeTrue();

        var copy = (await rig.ItemAsync(id)).Item.Copies.ShouldHaveSingleItem();
        copy.Verification.ShouldBe("cryptcheck");
        var verifier = new RcloneVaultVerifier(rig.Rclone, rig.Destinations, rig.Node.Paths);
        (await verifier.ProblemWithAsync(copy, Relative, Ct)).ShouldBeNull();

        var encrypted = Directory
            .EnumerateFiles(under, "*", SearchOption.AllDirectories)
            .ShouldHaveSingleItem();
        // Same size, different bytes: only a hash comparison can tell.
        var bytes = await File.ReadAllBytesAsync(encrypted, Ct);
        bytes[bytes.Length / 2] ^= 0xFF;
        await File.WriteAllBytesAsync(encrypted, bytes, Ct);

        (await verifier.ProblemWithAsync(copy, Relative, Ct))
            .ShouldNotBeNull()
            .ShouldContain("cryptcheck");
    }

    private static async Task<string> ObscureAsync(string password)
    {
        using var process = System.Diagnostics.Process.Start(
            new System.Diagnostics.ProcessStartInfo("rclone", ["obscure", password])
            {
                RedirectStandardOutput = true,
            }
        )!;
        var output = await process.StandardOutput.ReadToEndAsync(Ct);
        await process.WaitForExitAsync(Ct);
        return output.Trim();
    }
}
