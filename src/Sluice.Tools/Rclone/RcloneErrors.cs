using System.Text.RegularExpressions;

namespace Sluice.Tools.Rclone;

/// <summary>
/// Maps an rclone failure to what a worker should do, from the exit code
/// (https://rclone.org/docs/#exit-code) and the words in stderr.
/// </summary>
/// <remarks>
/// The text wins over the code: rclone 1.60 exits 1 (documented as "syntax or usage error") for
/// "connection refused" too, and quota errors arrive with 1, 3, 5 or 7 depending on where they
/// surface. A bare 403 is a permission problem (permanent); a 403 that talks about limits or
/// quota is Google's and others' way of saying "not today".
/// </remarks>
public static partial class RcloneErrors
{
    public static RcloneErrorKind Classify(int exitCode, IReadOnlyList<string> standardErrorTail)
    {
        var text = string.Join('\n', standardErrorTail);
        if (IsQuota(text))
        {
            return RcloneErrorKind.QuotaExceeded;
        }

        if (NetworkPattern().IsMatch(text))
        {
            return RcloneErrorKind.Transient;
        }

        return exitCode switch
        {
            1 when NotFoundPattern().IsMatch(text) => RcloneErrorKind.NotFound,
            1 => RcloneErrorKind.Permanent, // usage, config, local I/O errors
            2 => RcloneErrorKind.Transient, // "not otherwise categorised": let the retry budget decide
            3 or 4 => RcloneErrorKind.NotFound, // directory / file not found
            5 => RcloneErrorKind.Transient, // temporary error, more retries might fix it
            6 => RcloneErrorKind.Permanent, // "NoRetry" errors, e.g. Dropbox 461
            7 => RcloneErrorKind.Permanent, // fatal: account suspended and the like (quota caught above)
            8 => RcloneErrorKind.QuotaExceeded, // our own --max-transfer limit: wait for the next window
            9 => RcloneErrorKind.Permanent, // "no files transferred": only with --error-on-no-transfer
            > 128 => RcloneErrorKind.Transient, // killed by a signal (OOM killer, node shutdown)
            _ => throw new ArgumentOutOfRangeException(
                nameof(exitCode),
                exitCode,
                "rclone does not document this exit code."
            ),
        };
    }

    /// <summary>
    /// "Quota", an upload limit, a 507, or a 403 that talks about limits. A status counts only in
    /// the shapes backends print one ("Error 403:", "HTTP error 507", "403 Forbidden", "(403 …)",
    /// "status code: 403"): error texts carry paths and addresses, and a temp name ending in
    /// fencing token 403 or a port like 40312 beside "context deadline exceeded" is a timeout,
    /// not a reason to pause a destination for the whole cluster.
    /// </summary>
    private static bool IsQuota(string text) =>
        QuotaPattern().IsMatch(text)
        || (ForbiddenPattern().IsMatch(text) && LimitPattern().IsMatch(text));

    /// <summary>The last few meaningful stderr lines, for an exception message.</summary>
    internal static string Summary(IReadOnlyList<string> standardErrorTail)
    {
        var lines = standardErrorTail
            .Where(l => !string.IsNullOrWhiteSpace(l))
            .TakeLast(3)
            .ToList();
        return lines.Count == 0 ? "no error output" : string.Join(" | ", lines);
    }

    [GeneratedRegex(
        @"userRateLimitExceeded|dailyLimitExceeded|storageQuotaExceeded|quotaExceeded|Daily Limit|upload limit|quota|insufficient storage|\b(?:error|status(?:\s?code)?:?|http)\s*507\b",
        RegexOptions.IgnoreCase
    )]
    private static partial Regex QuotaPattern();

    [GeneratedRegex(
        @"\b(?:error|status(?:\s?code)?:?|http)\s*403\b|\b403 Forbidden\b|\(403\b",
        RegexOptions.IgnoreCase
    )]
    private static partial Regex ForbiddenPattern();

    [GeneratedRegex(@"limit|exceeded", RegexOptions.IgnoreCase)]
    private static partial Regex LimitPattern();

    [GeneratedRegex(
        @"connection refused|connection reset|connection lost|broken pipe|couldn't connect|no route to host|network is unreachable|i/o timeout|timed out|TLS handshake|unexpected EOF|\b(?:error|status(?:\s?code)?:?|http)\s*(?:429|500|502|503|504)\b|\b(?:429|500|502|503|504) (?:Too Many Requests|Internal Server Error|Bad Gateway|Service Unavailable|Gateway Time-?out)\b|\((?:429|500|502|503|504)\b|too many requests|rateLimitExceeded",
        RegexOptions.IgnoreCase
    )]
    private static partial Regex NetworkPattern();

    // Specific phrases only: rclone also prints 'Config file "…" not found - using defaults'.
    [GeneratedRegex(
        @"doesn't exist|no such file or directory|object not found|directory not found",
        RegexOptions.IgnoreCase
    )]
    private static partial Regex NotFoundPattern();
}
