using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace Sluice.Node.Secrets;

/// <summary>
/// The node's one log format (time, level, category, message, exception), one line per
/// entry, with every configured secret masked: a log line never carries a webhook URL or a
/// token, whichever component wrote it.
/// </summary>
public sealed class ScrubbingConsoleFormatter(SecretScrubber secrets, TimeProvider time)
    : ConsoleFormatter(Name)
{
    public new const string Name = "sluice";

    public override void Write<TState>(
        in LogEntry<TState> logEntry,
        IExternalScopeProvider? scopeProvider,
        TextWriter textWriter
    )
    {
        var message = logEntry.Formatter(logEntry.State, logEntry.Exception);
        if (string.IsNullOrEmpty(message) && logEntry.Exception is null)
        {
            return;
        }

        var line =
            $"{time.GetLocalNow():HH:mm:ss} {Level(logEntry.LogLevel)}: {logEntry.Category}[{logEntry.EventId.Id}] {message}";
        if (logEntry.Exception is { } exception)
        {
            line += " " + exception.ToString().ReplaceLineEndings(" | ");
        }

        textWriter.WriteLine(secrets.Scrub(line.ReplaceLineEndings(" ")));
    }

    private static string Level(LogLevel level) =>
        level switch
        {
            LogLevel.Trace => "trce",
            LogLevel.Debug => "dbug",
            LogLevel.Information => "info",
            LogLevel.Warning => "warn",
            LogLevel.Error => "fail",
            LogLevel.Critical => "crit",
            LogLevel.None => "none",
            _ => throw new ArgumentOutOfRangeException(nameof(level), level, "Unknown log level."),
        };
}
