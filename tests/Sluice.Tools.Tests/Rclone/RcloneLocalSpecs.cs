using Sluice.Testing;
using Sluice.Tools.Processes;
using Sluice.Tools.Rclone;

namespace Sluice.Tools.Tests.Rclone;

public sealed class RcloneLocalSpecsOverProcesses() : RcloneLocalSpecs(RcloneTransport.Processes);

public sealed class RcloneLocalSpecsOverDaemon() : RcloneLocalSpecs(RcloneTransport.Daemon);

/// <summary>Real rclone against a plain local folder remote.</summary>
public abstract class RcloneLocalSpecs : IAsyncDisposable
{
    private readonly TempDirectory _temp = new("sluice-rclone-local");
    private readonly RcloneClient _rclone;
    private readonly RemotePath _vault;

    protected RcloneLocalSpecs(RcloneTransport transport)
    {
        var runner = new ProcessRunner(
            TimeProvider.System,
            new ProcessRunnerOptions { OwnerTag = "test-rclone-local" }
        );
        _rclone = new RcloneClient(
            runner,
            new RcloneOptions { ConfigPath = _temp.Combine("empty.conf"), Transport = transport }
        );
        _vault = RemotePath.Local(_temp.Sub("vault"));
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask DisposeAsync()
    {
        await _rclone.DisposeAsync();
        _temp.Dispose();
        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task A_copied_file_stats_with_its_size_and_the_md5_LocalHasher_computes()
    {
        var source = await RandomFileAsync("source.bin", 1_500_000);
        var destination = _vault.Combine("Shows/It's [a] show/ep 01.bin");

        await _rclone.CopyToAsync(source, destination, null, Ct);
        var entry = await _rclone.StatAsync(destination, [HashType.Md5, HashType.Sha1], Ct);

        var local = await LocalHasher.HashAsync(source, [HashType.Md5, HashType.Sha1], Ct);
        entry.ShouldNotBeNull();
        entry.Name.ShouldBe("ep 01.bin");
        entry.Size.ShouldBe(1_500_000);
        entry.Hashes[HashType.Md5].ShouldBe(local[HashType.Md5]);
        entry.Hashes[HashType.Sha1].ShouldBe(local[HashType.Sha1]);
    }

    [Fact]
    public async Task Moveto_renames_and_the_old_name_is_gone()
    {
        var from = _vault.Combine("a.tmp");
        var to = _vault.Combine("final/a.bin");
        await _rclone.CopyToAsync(await RandomFileAsync("a.bin", 1000), from, null, Ct);

        await _rclone.MoveToAsync(from, to, Ct);

        (await _rclone.StatAsync(from, [], Ct)).ShouldBeNull();
        (await _rclone.StatAsync(to, [], Ct)).ShouldNotBeNull().Size.ShouldBe(1000);
    }

    [Fact]
    public async Task List_shows_direct_children_only()
    {
        await _rclone.CopyToAsync(
            await RandomFileAsync("a.bin", 10),
            _vault.Combine("dir/a.bin"),
            null,
            Ct
        );
        await _rclone.CopyToAsync(
            await RandomFileAsync("b.bin", 20),
            _vault.Combine("dir/sub/b.bin"),
            null,
            Ct
        );

        var entries = await _rclone.ListAsync(_vault.Combine("dir"), Ct);

        entries
            .Select(e => (e.Name, e.IsDir))
            .OrderBy(e => e.Name)
            .ShouldBe([("a.bin", false), ("sub", true)]);
    }

    [Fact]
    public async Task A_missing_file_stats_as_null_and_a_missing_directory_lists_as_empty()
    {
        (await _rclone.StatAsync(_vault.Combine("nope.bin"), [HashType.Md5], Ct)).ShouldBeNull();
        (await _rclone.StatAsync(_vault.Combine("no/dir/nope.bin"), [], Ct)).ShouldBeNull();
        (await _rclone.ListAsync(_vault.Combine("no-dir"), Ct)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Deleting_twice_deletes_once_and_then_reports_nothing_to_delete()
    {
        var path = _vault.Combine("a.bin");
        await _rclone.CopyToAsync(await RandomFileAsync("a.bin", 10), path, null, Ct);

        (await _rclone.DeleteFileAsync(path, Ct)).ShouldBeTrue();
        (await _rclone.DeleteFileAsync(path, Ct)).ShouldBeFalse();
        File.Exists(Path.Combine(_vault.Path, "a.bin")).ShouldBeFalse();
    }

    [Fact]
    public async Task Deleting_a_directory_as_a_file_is_refused()
    {
        Directory.CreateDirectory(Path.Combine(_vault.Path, "dir"));

        var failure = await Should.ThrowAsync<RcloneException>(() =>
            _rclone.DeleteFileAsync(_vault.Combine("dir"), Ct)
        );

        failure.Kind.ShouldBe(RcloneErrorKind.Permanent);
    }

    [Fact]
    public async Task A_truncated_remote_copy_shows_a_different_size_and_hash()
    {
        var source = await RandomFileAsync("source.bin", 200_000);
        var destination = _vault.Combine("a.bin");
        await _rclone.CopyToAsync(source, destination, null, Ct);
        await using (var remote = File.OpenWrite(Path.Combine(_vault.Path, "a.bin")))
        {
            remote.SetLength(100_000);
        }

        var entry = await _rclone.StatAsync(destination, [HashType.Md5], Ct);

        var local = await LocalHasher.HashAsync(source, [HashType.Md5], Ct);
        entry.ShouldNotBeNull();
        entry.Size.ShouldBe(100_000);
        entry.Hashes[HashType.Md5].ShouldNotBe(local[HashType.Md5]);
    }

    [Fact]
    public async Task Copying_a_missing_local_file_is_NotFound()
    {
        var failure = await Should.ThrowAsync<RcloneException>(() =>
            _rclone.CopyToAsync(_temp.Combine("missing.bin"), _vault.Combine("x.bin"), null, Ct)
        );

        failure.Kind.ShouldBe(RcloneErrorKind.NotFound);
    }

    [Fact]
    public async Task A_local_folder_offers_md5_sha1_and_sha256()
    {
        var types = await _rclone.HashTypesAsync(_vault, Ct);

        types.ShouldContain(HashType.Md5);
        types.ShouldContain(HashType.Sha1);
        types.ShouldContain(HashType.Sha256);
    }

    private async Task<string> RandomFileAsync(string name, int size)
    {
        var bytes = new byte[size];
        Random.Shared.NextBytes(bytes);
        var path = _temp.Combine(name);
        await File.WriteAllBytesAsync(path, bytes, Ct);
        return path;
    }
}
