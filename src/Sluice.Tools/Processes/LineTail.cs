namespace Sluice.Tools.Processes;

/// <summary>The last N lines of a stream, each cut to a maximum length: bounded whatever a tool prints.</summary>
internal sealed class LineTail(int capacity, int maxLineLength)
{
    private readonly Lock _gate = new();
    private readonly Queue<string> _lines = new(capacity);

    public void Add(string line)
    {
        if (line.Length > maxLineLength)
        {
            line = string.Concat(line.AsSpan(0, maxLineLength), "…");
        }

        lock (_gate)
        {
            if (_lines.Count == capacity)
            {
                _lines.Dequeue();
            }

            _lines.Enqueue(line);
        }
    }

    public IReadOnlyList<string> Snapshot(Func<string, string> redact)
    {
        lock (_gate)
        {
            return [.. _lines.Select(redact)];
        }
    }
}
