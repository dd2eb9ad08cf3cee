namespace Sluice.Store;

/// <summary>A filter source ctl added to a channel (configuration's own are not stored).</summary>
public sealed record StoredFilter(string Channel, string Source, DateTimeOffset CreatedAt);

/// <summary>A subscription ctl added: <paramref name="Channel"/> is empty for every Discord channel.</summary>
public sealed record StoredSubscription(
    string Show,
    string Mention,
    string Channel,
    DateTimeOffset CreatedAt
);

/// <summary>
/// The last good copy of a watch list (<paramref name="Entries"/> as the fetcher wrote it, null
/// when it never was fetched), and when and why it last failed.
/// </summary>
public sealed record StoredWatchList(
    string Source,
    string? Entries,
    DateTimeOffset? FetchedAt,
    DateTimeOffset TriedAt,
    string? Error
);
