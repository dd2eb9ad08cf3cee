using Sluice.Domain.Naming.Scoring;
using Sluice.Testing;

namespace Sluice.Domain.Tests.Naming;

/// <summary>The release-name corpora in ../shared/corpora (see its README for the schema).</summary>
public static class CorpusFiles
{
    public static string DevDirectory => Path.Combine(RepositoryPaths.Shared, "corpora", "dev");

    public static IReadOnlyList<string> DevFileNames() =>
        Directory.Exists(DevDirectory)
            ? Directory
                .GetFiles(DevDirectory, "*.jsonl")
                .Select(Path.GetFileName)
                .OfType<string>()
                .Order(StringComparer.Ordinal)
                .ToArray()
            : [];

    public static IReadOnlyList<CorpusCase> Load(string fileName) =>
        File.ReadLines(Path.Combine(DevDirectory, fileName))
            .Where(line => line.Trim().Length > 0)
            .Select(line => CorpusCaseReader.ParseLine(fileName, line))
            .ToArray();
}
