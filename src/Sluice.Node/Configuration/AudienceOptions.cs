namespace Sluice.Node.Configuration;

/// <summary>
/// One channel's announcement filter: the channel announces only items matching one of
/// <see cref="Only"/> ("anilist:USER", "mal:USER", "term:WORDS", "regex:PATTERN"). Sources for
/// one channel from several entries, and from `ctl notify filter add`, add up.
/// </summary>
public sealed class NotifyFilterOptions
{
    /// <summary>"discord:NAME" or "webhook:NAME": media-server refreshes are never filtered.</summary>
    public string Channel { get; set; } = "";

    public List<string> Only { get; set; } = [];
}

/// <summary>
/// Who is mentioned when <see cref="Show"/> is announced on Discord: a title (matched like
/// release names are, by its normalized key), "anilist:ID", or "list:anilist:USER" /
/// "list:mal:USER" (everything on that person's list).
/// </summary>
public sealed class SubscriptionOptions
{
    public string Show { get; set; } = "";

    /// <summary>Discord user ids (snowflakes), mentioned as &lt;@ID&gt;.</summary>
    public List<string> Users { get; set; } = [];

    /// <summary>Discord role ids, mentioned as &lt;@&amp;ID&gt;.</summary>
    public List<string> Roles { get; set; } = [];

    /// <summary>Only this Discord channel ("discord:NAME"); unset means every Discord channel.</summary>
    public string? Channel { get; set; }
}

/// <summary>What a filter does with an item while a list it names was never fetched.</summary>
public enum ListUnavailable
{
    /// <summary>The channel holds its announcements (in order) and tries the list again: nothing is lost.</summary>
    Hold,

    /// <summary>Announce as if unfiltered, with a warning: nothing waits.</summary>
    Announce,
}

/// <summary>How the watch lists filters and subscriptions name are fetched and kept.</summary>
public sealed class WatchListOptions
{
    /// <summary>A list fetched longer ago than this is fetched again (its last good copy is kept in the database).</summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>After a failed fetch the list's service is not asked again for this long.</summary>
    public TimeSpan RetryAfterFailure { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>A whole fetch (every page) ends after this, as a failed one: it holds its channel meanwhile.</summary>
    public TimeSpan FetchTimeout { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Only used while a list has never been fetched: afterwards its last good copy counts.</summary>
    public ListUnavailable WhenUnavailable { get; set; } = ListUnavailable.Hold;

    /// <summary>AniList MediaListStatus values that count as "on the list".</summary>
    public List<string> AniListStatuses { get; set; } = ["CURRENT", "PLANNING", "REPEATING"];

    /// <summary>MyAnimeList list statuses that count as "on the list".</summary>
    public List<string> MyAnimeListStatuses { get; set; } = ["watching", "plan_to_watch"];
}
