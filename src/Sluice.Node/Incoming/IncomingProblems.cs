using System.Collections.Concurrent;

namespace Sluice.Node.Incoming;

/// <summary>
/// Files in the incoming folder the node cannot take, with why, so they show up in the API
/// instead of sitting there unnoticed. Today: names that are not valid UTF-8, which .NET cannot
/// open by name (the user must rename them).
/// </summary>
public sealed class IncomingProblems
{
    private readonly ConcurrentDictionary<string, string> _problems = new(StringComparer.Ordinal);

    /// <returns>True the first time a path is reported (so it is logged once).</returns>
    public bool Report(string path, string reason) => _problems.TryAdd(path, reason);

    public void Clear(string path) => _problems.TryRemove(path, out _);

    public void KeepOnly(IReadOnlySet<string> present)
    {
        foreach (var gone in _problems.Keys.Where(p => !present.Contains(p)))
        {
            _problems.TryRemove(gone, out _);
        }
    }

    public IReadOnlyList<(string Path, string Reason)> All =>
        [.. _problems.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => (p.Key, p.Value))];
}
