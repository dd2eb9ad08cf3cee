namespace Sluice.Testing;

/// <summary>Which database a test runs the engine on; every engine test runs on both.</summary>
public enum DialectKind
{
    Sqlite,
    Postgres,
}
