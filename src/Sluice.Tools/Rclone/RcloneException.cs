namespace Sluice.Tools.Rclone;

public enum RcloneErrorKind
{
    /// <summary>Worth retrying later: network trouble, rate limiting, a server hiccup.</summary>
    Transient,

    /// <summary>Retrying will not help: bad config, bad arguments, permission denied.</summary>
    Permanent,

    /// <summary>The file or directory is not there.</summary>
    NotFound,

    /// <summary>The destination refuses more data for now (daily upload cap, full quota, ban): pause it.</summary>
    QuotaExceeded,
}

/// <summary>An rclone call failed; <see cref="Kind"/> says what a worker should do about it.</summary>
public sealed class RcloneException(
    RcloneErrorKind kind,
    string operation,
    int exitCode,
    IReadOnlyList<string> standardErrorTail,
    Exception? innerException = null
)
    : Exception(
        $"rclone {operation} failed ({kind}, exit code {exitCode}): {RcloneErrors.Summary(standardErrorTail)}",
        innerException
    )
{
    public RcloneErrorKind Kind { get; } = kind;

    public int ExitCode { get; } = exitCode;

    /// <summary>The end of rclone's stderr, secrets already redacted.</summary>
    public IReadOnlyList<string> StandardErrorTail { get; } = standardErrorTail;
}
