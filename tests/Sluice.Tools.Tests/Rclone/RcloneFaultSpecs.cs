using Sluice.Testing;
using Sluice.Tools.Processes;
using Sluice.Tools.Rclone;

namespace Sluice.Tools.Tests.Rclone;

/// <summary>Failures a real remote will not produce on demand, from a scripted stand-in for rclone.</summary>
public sealed class RcloneFaultSpecs : IDisposable
{
    private readonly TempDirectory _temp = new("sluice-rclone-fault");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task A_quota_error_exiting_7_is_QuotaExceeded()
    {
        var rclone = Fake(
            """
            echo '{"level":"error","msg":"Failed to copy: googleapi: Error 403: User rate limit exceeded., userRateLimitExceeded","object":"a.mkv"}' >&2
            echo '{"level":"error","msg":"Fatal error received - not attempting retries"}' >&2
            exit 7
            """
        );

        var failure = await Should.ThrowAsync<RcloneException>(() =>
            rclone.CopyToAsync(LocalFile(), RemotePath.Parse("gdrive:a.mkv"), null, Ct)
        );

        failure.Kind.ShouldBe(RcloneErrorKind.QuotaExceeded);
        failure.ExitCode.ShouldBe(7);
        failure.Message.ShouldContain("userRateLimitExceeded");
    }

    [Fact]
    public async Task Rclone_dying_halfway_with_exit_5_is_transient_after_the_progress_it_reported()
    {
        var rclone = Fake(
            """
            echo '{"level":"info","msg":"stats","stats":{"bytes":500,"totalBytes":1000,"speed":100,"eta":5}}' >&2
            echo '{"level":"error","msg":"Failed to copy: temporary failure"}' >&2
            exit 5
            """
        );
        var reports = new List<TransferProgress>();

        var failure = await Should.ThrowAsync<RcloneException>(() =>
            rclone.CopyToAsync(
                LocalFile(),
                RemotePath.Parse("vault:a.mkv"),
                new SynchronousProgress<TransferProgress>(reports.Add),
                Ct
            )
        );

        failure.Kind.ShouldBe(RcloneErrorKind.Transient);
        reports.ShouldHaveSingleItem().Percent.ShouldBe(50);
    }

    [Fact]
    public async Task A_connection_string_password_never_reaches_the_message()
    {
        var rclone = Fake(
            "echo \"Failed to create file system for $2: connection refused\" >&2\nexit 1"
        );

        var failure = await Should.ThrowAsync<RcloneException>(() =>
            rclone.CopyToAsync(
                LocalFile(),
                RemotePath.Parse(":sftp,host=h,pass=s3cret:dir/a.mkv"),
                null,
                Ct
            )
        );

        failure.Message.ShouldNotContain("s3cret");
        failure.Message.ShouldContain("rclone copyto to :sftp,***:dir/a.mkv failed");
        failure.Kind.ShouldBe(RcloneErrorKind.Transient);
    }

    private RcloneClient Fake(string script) =>
        new(
            new ProcessRunner(
                TimeProvider.System,
                new ProcessRunnerOptions { OwnerTag = "test-rclone-fault" }
            ),
            new RcloneOptions
            {
                ExecutablePath = FakeExecutable.Create(_temp.Path, "rclone", script),
            }
        );

    private string LocalFile()
    {
        var path = _temp.Combine("a.mkv");
        File.WriteAllText(path, "x");
        return path;
    }
}
