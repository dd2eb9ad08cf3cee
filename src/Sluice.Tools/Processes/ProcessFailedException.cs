namespace Sluice.Tools.Processes;

/// <summary>
/// A tool exited with a code its command does not accept. The message names the tool and
/// quotes the end of its stderr, never the argument list (it may hold secrets; the tail is
/// already redacted).
/// </summary>
public sealed class ProcessFailedException : Exception
{
    private const int LinesInMessage = 5;

    public ProcessFailedException(
        string commandName,
        int exitCode,
        IReadOnlyList<string> standardErrorTail
    )
        : base(Describe(commandName, exitCode, standardErrorTail))
    {
        CommandName = commandName;
        ExitCode = exitCode;
        StandardErrorTail = standardErrorTail;
    }

    public string CommandName { get; }

    /// <summary>128 + n when the tool died of signal n (137: SIGKILL).</summary>
    public int ExitCode { get; }

    public IReadOnlyList<string> StandardErrorTail { get; }

    private static string Describe(string name, int exitCode, IReadOnlyList<string> tail)
    {
        var last = tail.Where(l => !string.IsNullOrWhiteSpace(l)).TakeLast(LinesInMessage).ToList();
        return last.Count == 0
            ? $"{name} exited with code {exitCode} and no error output."
            : $"{name} exited with code {exitCode}: {string.Join(Environment.NewLine, last)}";
    }
}
