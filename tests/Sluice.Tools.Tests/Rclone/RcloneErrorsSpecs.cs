using Sluice.Tools.Rclone;

namespace Sluice.Tools.Tests.Rclone;

public sealed class RcloneErrorsSpecs
{
    [Theory]
    [InlineData(
        7,
        "Failed to copy: googleapi: Error 403: User rate limit exceeded., userRateLimitExceeded",
        RcloneErrorKind.QuotaExceeded
    )]
    [InlineData(
        1,
        "googleapi: Error 403: The download quota for this file has been exceeded., downloadQuotaExceeded",
        RcloneErrorKind.QuotaExceeded
    )]
    [InlineData(5, "Error 403: Daily Limit Exceeded", RcloneErrorKind.QuotaExceeded)]
    [InlineData(
        7,
        "Fatal error received - not attempting retries: more than daily limit",
        RcloneErrorKind.QuotaExceeded
    )]
    [InlineData(1, "insufficient storage (507)", RcloneErrorKind.QuotaExceeded)]
    [InlineData(
        8,
        "Max transfer limit reached as set by --max-transfer",
        RcloneErrorKind.QuotaExceeded
    )]
    [InlineData(7, "Fatal error: account suspended", RcloneErrorKind.Permanent)]
    // A fencing token or a port that happens to read 403 or 507 is not an HTTP status.
    [InlineData(
        5,
        "Failed to copy: Put \"https://dav.example.com/Shows/A/.sluice-tmp-0f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f-403\": context deadline exceeded",
        RcloneErrorKind.Transient
    )]
    [InlineData(
        1,
        "Failed to copy: Put \"https://dav.example.com/Shows/A/.sluice-tmp-0f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f-507\": tls: failed to verify certificate: x509: certificate has expired",
        RcloneErrorKind.Permanent
    )]
    // An sftp server gone mid-upload: rclone exits 1, but says the error is worth retrying.
    [InlineData(
        1,
        "Attempt 1/1 failed with 1 errors and: Update ReadFrom failed: connection lost",
        RcloneErrorKind.Transient
    )]
    [InlineData(
        1,
        "couldn't connect SSH: dial tcp 127.0.0.1:22: connect: connection refused",
        RcloneErrorKind.Transient
    )]
    [InlineData(1, "Failed to copy: 503 Service Unavailable", RcloneErrorKind.Transient)]
    [InlineData(
        1,
        "Failed to create file system for \"nosuch:\": didn't find section in config file",
        RcloneErrorKind.Permanent
    )]
    [InlineData(
        1,
        "NOTICE: Config file \"/x/rclone.conf\" not found - using defaults\nFailed to create file system for \"vault:\": didn't find section in config file",
        RcloneErrorKind.Permanent
    )]
    [InlineData(
        1,
        "Failed to deletefile: vault:a is a directory or doesn't exist",
        RcloneErrorKind.NotFound
    )]
    [InlineData(1, "Failed to copy: 403 Forbidden", RcloneErrorKind.Permanent)]
    [InlineData(2, "something odd", RcloneErrorKind.Transient)]
    [InlineData(3, "directory not found", RcloneErrorKind.NotFound)]
    [InlineData(4, "object not found", RcloneErrorKind.NotFound)]
    [InlineData(5, "temporary error", RcloneErrorKind.Transient)]
    [InlineData(6, "461 unavailable for legal reasons", RcloneErrorKind.Permanent)]
    [InlineData(9, "no files transferred", RcloneErrorKind.Permanent)]
    [InlineData(137, "", RcloneErrorKind.Transient)]
    public void Exit_code_and_stderr_decide_the_kind(
        int exitCode,
        string stderr,
        RcloneErrorKind expected
    )
    {
        RcloneErrors.Classify(exitCode, [stderr]).ShouldBe(expected);
    }

    [Fact]
    public void An_undocumented_exit_code_is_not_guessed()
    {
        Should.Throw<ArgumentOutOfRangeException>(() => RcloneErrors.Classify(42, ["?"]));
    }
}
