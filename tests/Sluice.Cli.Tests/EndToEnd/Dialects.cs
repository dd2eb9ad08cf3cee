using Sluice.Testing;

namespace Sluice.Cli.Tests.EndToEnd;

/// <summary>The engine's databases: every end-to-end spec of the pipeline runs on both.</summary>
public static class Dialects
{
    public static TheoryData<DialectKind> Both => [DialectKind.Sqlite, DialectKind.Postgres];
}
