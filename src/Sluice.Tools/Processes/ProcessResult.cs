namespace Sluice.Tools.Processes;

/// <summary>
/// What a finished tool left behind: its exit code and the last lines of each stream (secrets
/// redacted; the full streams went to the line callbacks).
/// </summary>
public sealed record ProcessResult(
    int ExitCode,
    IReadOnlyList<string> StandardOutputTail,
    IReadOnlyList<string> StandardErrorTail,
    TimeSpan RunTime
);
