namespace Sluice.Store.Schema;

/// <summary>One numbered schema change. Applied once, in order, each in its own transaction.</summary>
public sealed record Migration(int Version, string Name, string Sql);
