using Sluice.Tools.Rclone;

namespace Sluice.Tools.Tests.Rclone;

/// <summary>
/// Errors as <c>rclone rcd</c> 1.60 reports them: the HTTP status of a synchronous call (404 for
/// "not found", 400 for bad parameters, 500 for the rest) or null for an async job's error read
/// from <c>job/status</c>, and the error text. The texts are what rclone 1.60 answers.
/// </summary>
public sealed class RcloneErrorsRcSpecs
{
    private const string Temp = ".sluice-tmp-0f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f";

    [Theory]
    [InlineData(404, "object not found")]
    [InlineData(404, "error in ListJSON: directory not found")]
    [InlineData(null, "object not found")]
    [InlineData(null, "error in ListJSON: directory not found")]
    [InlineData(500, "open /srv/vault/Shows/A/a.mkv: no such file or directory")]
    public void A_missing_object_or_directory_is_NotFound(int? status, string error)
    {
        RcloneErrors.ClassifyRc(status, error).ShouldBe(RcloneErrorKind.NotFound);
    }

    [Theory]
    [InlineData(404, "couldn't find method \"operations/copyfiel\"")]
    [InlineData(400, "Didn't find key \"srcRemote\" in input")]
    [InlineData(
        400,
        "couldn't parse key \"jobid\" (x) as int64: strconv.ParseInt: parsing \"x\": invalid syntax"
    )]
    [InlineData(500, "is a directory not a file")]
    [InlineData(500, "didn't find section in config file")]
    [InlineData(null, "is a directory not a file")]
    [InlineData(null, "open /srv/vault/Shows/A/" + Temp + "-12: permission denied")]
    [InlineData(null, "didn't find section in config file")]
    public void A_refusal_that_a_retry_cannot_fix_is_Permanent(int? status, string error)
    {
        RcloneErrors.ClassifyRc(status, error).ShouldBe(RcloneErrorKind.Permanent);
    }

    [Theory]
    // WebDAV servers (Nextcloud, ownCloud, Yandex) answer a PUT over quota with 507.
    [InlineData(500, "Insufficient Storage: 507 Insufficient Storage")]
    [InlineData(null, "Insufficient Storage: 507 Insufficient Storage")]
    [InlineData(
        null,
        "Insufficient space in /Shows, 2000000 required, 0 available: Sabre\\DAV\\Exception\\InsufficientStorage: 507 Insufficient Storage"
    )]
    [InlineData(500, "HTTP error 507 (507 Insufficient Storage) returned body: \"\"")]
    [InlineData(500, "Failed to copy: quota exceeded")]
    [InlineData(
        null,
        "googleapi: Error 403: The user's Drive storage quota has been exceeded., storageQuotaExceeded"
    )]
    // What the patterns say about Google's 750 GB a day: its "user rate limit" 403 is the cap.
    [InlineData(500, "googleapi: Error 403: User rate limit exceeded., userRateLimitExceeded")]
    [InlineData(null, "googleapi: Error 403: User rate limit exceeded.")]
    [InlineData(
        null,
        "Received upload limit error: googleapi: Error 403: User rate limit exceeded., userRateLimitExceeded"
    )]
    [InlineData(500, "googleapi: Error 403: Daily Limit Exceeded, dailyLimitExceeded")]
    // A 403 that talks about a limit, in the shapes other backends print a status.
    [InlineData(500, "Daily upload traffic limit reached: 403 Forbidden")]
    [InlineData(null, "Cannot upload files, storage cap exceeded. (403 storage_cap_exceeded)")]
    [InlineData(null, "Error \"storage_limit_exceeded\" (403)")]
    public void A_full_quota_or_an_upload_limit_is_QuotaExceeded(int? status, string error)
    {
        RcloneErrors.ClassifyRc(status, error).ShouldBe(RcloneErrorKind.QuotaExceeded);
    }

    [Theory]
    [InlineData(
        500,
        "error in ListJSON: couldn't list files: Propfind \"http://127.0.0.1:5600/\": dial tcp 127.0.0.1:5600: connect: connection refused"
    )]
    [InlineData(null, "Update ReadFrom failed: connection lost")]
    [InlineData(
        null,
        "Put \"https://dav.example.com/Shows/A/a.mkv\": read tcp 10.0.0.2:51234->10.0.0.5:443: i/o timeout"
    )]
    [InlineData(500, "Propfind \"https://dav.example.com/Shows/\": EOF")]
    [InlineData(null, "unexpected EOF")]
    [InlineData(500, "Too many requests: 429 Too Many Requests")]
    // Rate limiting without a 403 is a slow-down, not the daily cap.
    [InlineData(500, "User rate limit exceeded")]
    // The daemon was restarted (or expired the job) while it ran.
    [InlineData(500, "job not found")]
    public void A_network_failure_or_a_lost_job_is_Transient(int? status, string error)
    {
        RcloneErrors.ClassifyRc(status, error).ShouldBe(RcloneErrorKind.Transient);
    }

    [Theory]
    [InlineData(500, "something odd happened")]
    [InlineData(null, "something odd happened")]
    [InlineData(null, "")]
    public void An_unrecognised_error_is_Transient_and_the_retry_budget_decides(
        int? status,
        string error
    )
    {
        RcloneErrors.ClassifyRc(status, error).ShouldBe(RcloneErrorKind.Transient);
    }

    // Temp names end in the lease's fencing token and loopback ports are random: "403" or "507"
    // in a path or an address is not an HTTP status, and one timed-out upload must not pause
    // the destination for the whole cluster.
    [Theory]
    [InlineData(
        500,
        "Put \"http://127.0.0.1:40312/Shows/A/"
            + Temp
            + "-7\": context deadline exceeded (Client.Timeout exceeded while awaiting headers)"
    )]
    [InlineData(
        null,
        "Put \"https://dav.example.com/Shows/A/" + Temp + "-403\": context deadline exceeded"
    )]
    [InlineData(
        null,
        "Put \"https://dav.example.com/Shows/A/"
            + Temp
            + "-507\": dial tcp 10.0.0.5:443: connect: connection refused"
    )]
    public void A_403_or_507_in_a_path_or_a_port_is_not_a_quota_error(int? status, string error)
    {
        RcloneErrors.ClassifyRc(status, error).ShouldBe(RcloneErrorKind.Transient);
    }

    // The same for the statuses that mean "try again": a temp name ending in -500 that is
    // missing is missing, not a server error.
    [Theory]
    [InlineData(404, "object not found: Shows/A/" + Temp + "-500")]
    [InlineData(null, "open /srv/vault/Shows/A/" + Temp + "-503: no such file or directory")]
    public void A_5xx_or_429_in_a_path_is_not_a_server_error(int? status, string error)
    {
        RcloneErrors.ClassifyRc(status, error).ShouldBe(RcloneErrorKind.NotFound);
    }

    [Theory]
    [InlineData(null, "HTTP error 503 (503 Service Unavailable) returned body: \"\"")]
    [InlineData(null, "googleapi: Error 500: Internal Error, backendError")]
    [InlineData(null, "failed to upload: 502 Bad Gateway")]
    [InlineData(null, "unexpected status code: 504")]
    public void A_5xx_status_is_transient(int? status, string error)
    {
        RcloneErrors.ClassifyRc(status, error).ShouldBe(RcloneErrorKind.Transient);
    }
}
