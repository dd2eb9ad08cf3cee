using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Sluice.Node.Tests.Metadata;

public sealed record CapturedLog(
    LogLevel Level,
    string Category,
    string Message,
    Exception? Exception,
    string State
);

/// <summary>Every log line at every level, with its structured values, for specs to search.</summary>
public sealed class CapturedLogs
{
    private readonly ConcurrentQueue<CapturedLog> _entries = new();

    public IReadOnlyList<CapturedLog> Entries => [.. _entries];

    public IEnumerable<CapturedLog> Warnings => Entries.Where(e => e.Level >= LogLevel.Warning);

    /// <summary>Messages, structured values and exceptions (with inner ones) as one text.</summary>
    public string AllText =>
        string.Join(
            '\n',
            Entries.Select(e => $"{e.Level} {e.Category}: {e.Message} | {e.State} | {e.Exception}")
        );

    public ILogger<T> For<T>() => new Logger<T>(this);

    private sealed class Logger<T>(CapturedLogs owner) : ILogger<T>
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(
            LogLevel logLevel,
            EventId eventId,
            TState state,
            Exception? exception,
            Func<TState, Exception?, string> formatter
        )
        {
            var values = state is IEnumerable<KeyValuePair<string, object?>> pairs
                ? string.Join(", ", pairs.Select(p => $"{p.Key}={p.Value}"))
                : $"{state}";
            owner._entries.Enqueue(
                new CapturedLog(
                    logLevel,
                    typeof(T).Name,
                    formatter(state, exception),
                    exception,
                    values
                )
            );
        }
    }
}
