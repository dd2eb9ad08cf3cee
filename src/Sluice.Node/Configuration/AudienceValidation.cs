using Sluice.Node.Notify.Audience;

namespace Sluice.Node.Configuration;

/// <summary>Notify:Filters, Notify:Subscriptions and Notify:Lists: each mistake named by its key.</summary>
public static class AudienceValidation
{
    private static readonly string[] AniListStatuses =
    [
        "CURRENT",
        "PLANNING",
        "COMPLETED",
        "DROPPED",
        "PAUSED",
        "REPEATING",
    ];

    private static readonly string[] MalStatuses =
    [
        "watching",
        "completed",
        "on_hold",
        "dropped",
        "plan_to_watch",
    ];

    public static IEnumerable<string> Failures(NotifyOptions o, bool malConfigured)
    {
        var announcing = o
            .Discord.Select(d => $"discord:{d.Name}")
            .Concat(o.Webhooks.Select(w => $"webhook:{w.Name}"))
            .ToHashSet(StringComparer.Ordinal);
        for (var i = 0; i < o.Filters.Count; i++)
        {
            var key = $"Notify:Filters:{i}";
            var filter = o.Filters[i];
            if (o.RefreshChannels.Contains(filter.Channel))
            {
                yield return $"{key}:Channel: {filter.Channel} is a library refresh, which is never filtered (a file in the library is always refreshed).";
            }
            else if (ChannelError(filter.Channel, announcing) is { } error)
            {
                yield return $"{key}:Channel: {error}";
            }

            if (filter.Only.Count == 0)
            {
                yield return $"{key}:Only must list at least one source (anilist:USER, mal:USER, term:WORDS, regex:PATTERN).";
            }

            for (var j = 0; j < filter.Only.Count; j++)
            {
                if (FilterSource.Parse(filter.Only[j], out var why) is null)
                {
                    yield return $"{key}:Only:{j}: {why}";
                }
                else if (SourceNeedsMal(filter.Only[j]) && !malConfigured)
                {
                    yield return $"{key}:Only:{j}: a MyAnimeList list needs Metadata:MyAnimeList:ClientId.";
                }
            }
        }

        var discord = o.Discord.Select(d => $"discord:{d.Name}").ToHashSet(StringComparer.Ordinal);
        for (var i = 0; i < o.Subscriptions.Count; i++)
        {
            var key = $"Notify:Subscriptions:{i}";
            var s = o.Subscriptions[i];
            if (ShowRef.Parse(s.Show, out var why) is not { } show)
            {
                yield return $"{key}:Show: {why}";
            }
            else if (show.List?.Kind == SourceKind.MyAnimeList && !malConfigured)
            {
                yield return $"{key}:Show: a MyAnimeList list needs Metadata:MyAnimeList:ClientId.";
            }

            if (s.Users.Count + s.Roles.Count == 0)
            {
                yield return $"{key} names nobody: set Users and/or Roles (Discord ids).";
            }

            foreach (var bad in s.Users.Concat(s.Roles).Where(id => !Mention.IsSnowflake(id)))
            {
                yield return $"{key}: '{bad}' is not a Discord id (digits only; copy it with Developer Mode on).";
            }

            if (s.Channel is { Length: > 0 } channel && !discord.Contains(channel))
            {
                yield return $"{key}:Channel: '{channel}' is not a configured Discord channel (mentions are Discord's); known: {Known(discord)}.";
            }
        }

        var lists = o.Lists;
        if (lists.RefreshInterval < TimeSpan.FromMinutes(1))
        {
            yield return $"Notify:Lists:RefreshInterval must be at least 00:01:00 (got {lists.RefreshInterval}).";
        }

        if (lists.RetryAfterFailure < TimeSpan.FromSeconds(10))
        {
            yield return $"Notify:Lists:RetryAfterFailure must be at least 00:00:10 (got {lists.RetryAfterFailure}).";
        }

        if (lists.FetchTimeout < TimeSpan.FromSeconds(1))
        {
            yield return $"Notify:Lists:FetchTimeout must be at least 00:00:01 (got {lists.FetchTimeout}).";
        }

        if (!Enum.IsDefined(lists.WhenUnavailable))
        {
            yield return "Notify:Lists:WhenUnavailable must be Hold or Announce.";
        }

        foreach (var status in lists.AniListStatuses.Where(s => !AniListStatuses.Contains(s)))
        {
            yield return $"Notify:Lists:AniListStatuses: '{status}' is not one of {string.Join(", ", AniListStatuses)}.";
        }

        foreach (var status in lists.MyAnimeListStatuses.Where(s => !MalStatuses.Contains(s)))
        {
            yield return $"Notify:Lists:MyAnimeListStatuses: '{status}' is not one of {string.Join(", ", MalStatuses)}.";
        }

        if (lists.AniListStatuses.Count == 0 || lists.MyAnimeListStatuses.Count == 0)
        {
            yield return "Notify:Lists:AniListStatuses and MyAnimeListStatuses must each name at least one status.";
        }
    }

    /// <summary>Why a filter cannot be on <paramref name="channel"/>, or null (also used by the API for ctl).</summary>
    public static string? ChannelError(string channel, IReadOnlySet<string> announcing) =>
        announcing.Contains(channel)
            ? null
            : $"'{channel}' is not a configured Discord or webhook channel; known: {Known(announcing)}.";

    private static bool SourceNeedsMal(string text) =>
        FilterSource.Parse(text, out _)?.Kind == SourceKind.MyAnimeList;

    private static string Known(IEnumerable<string> names) =>
        string.Join(", ", names) is { Length: > 0 } known ? known : "(none)";
}
