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
public sealed class RcloneException : Exception
{
    public RcloneException(
        RcloneErrorKind kind,
        string operation,
        int exitCode,
        IReadOnlyList<string> standardErrorTail,
        Exception? innerException = null
    )
        : base(
            $"rclone {operation} failed ({kind}, exit code {exitCode}): {RcloneErrors.Summary(standardErrorTail)}",
            innerException
        )
    {
        Kind = kind;
        ExitCode = exitCode;
        StandardErrorTail = standardErrorTail;
    }

    /// <summary>A failure reported by <c>rclone rcd</c>: its HTTP status (null for an async job's error) and error text, secrets already redacted.</summary>
    internal RcloneException(
        RcloneErrorKind kind,
        string operation,
        int? httpStatus,
        string error,
        Exception? innerException = null
    )
        : base(
            $"rclone {operation} failed ({kind}{(httpStatus is { } s ? $", HTTP {s}" : "")}): {error}",
            innerException
        )
    {
        Kind = kind;
        ExitCode = -1;
        HttpStatus = httpStatus;
        StandardErrorTail = [error];
    }

    public RcloneErrorKind Kind { get; }

    /// <summary>The process's exit code; -1 when the call went through the daemon.</summary>
    public int ExitCode { get; }

    /// <summary>The daemon's HTTP status, when the call went through it and got an answer.</summary>
    public int? HttpStatus { get; }

    /// <summary>The end of rclone's stderr (or the daemon's error text), secrets already redacted.</summary>
    public IReadOnlyList<string> StandardErrorTail { get; }
}
