using System.Text.RegularExpressions;

namespace Sluice.Tools.Rclone;

public static partial class RcloneErrors
{
    /// <summary>
    /// Maps an error from <c>rclone rcd</c> (its HTTP status, or null for an async job's error,
    /// and the error text) to what a worker should do, with the same words as <see cref="Classify"/>.
    /// </summary>
    /// <remarks>
    /// The rc server answers 404 for rclone's "not found" errors, 400 for bad parameters and 500
    /// for everything else, so a 500 has only its text to go on. Like exit code 2 ("not otherwise
    /// categorised"), an unrecognised error is transient and the retry budget decides; the
    /// refusals a retry cannot fix (a directory where a file should be, a bad config) are named.
    /// </remarks>
    public static RcloneErrorKind ClassifyRc(int? httpStatus, string error)
    {
        if (IsQuota(error))
        {
            return RcloneErrorKind.QuotaExceeded;
        }

        if (NetworkPattern().IsMatch(error) || JobGonePattern().IsMatch(error))
        {
            return RcloneErrorKind.Transient;
        }

        return httpStatus switch
        {
            404 when !MethodMissingPattern().IsMatch(error) => RcloneErrorKind.NotFound,
            400 or 401 or 403 or 404 => RcloneErrorKind.Permanent,
            _ when NotFoundPattern().IsMatch(error) => RcloneErrorKind.NotFound,
            _ when RcPermanentPattern().IsMatch(error) => RcloneErrorKind.Permanent,
            _ => RcloneErrorKind.Transient,
        };
    }

    // A job id the daemon does not know: it was restarted (or expired the job) mid-transfer.
    [GeneratedRegex(@"job not found", RegexOptions.IgnoreCase)]
    private static partial Regex JobGonePattern();

    [GeneratedRegex(@"couldn't find method", RegexOptions.IgnoreCase)]
    private static partial Regex MethodMissingPattern();

    [GeneratedRegex(
        @"is a directory|not a file|permission denied|didn't find section in config|failed to create file system|obscured|unknown backend|invalid|couldn't parse",
        RegexOptions.IgnoreCase
    )]
    private static partial Regex RcPermanentPattern();
}
