using System.Text.Json;
using System.Text.RegularExpressions;
using Sluice.Domain.Items;
using Sluice.Node.Configuration;
using Sluice.Store;
using Sluice.Testing.Http;

namespace Sluice.Node.Tests.Notify;

/// <summary>What the filter and subscription specs share: AniList-matched episodes, Discord's mention rules.</summary>
public static partial class AudienceRig
{
    public static readonly AniListEntry Frieren = new(154587, "Sousou no Frieren")
    {
        MalId = 52991,
        English = "Frieren: Beyond Journey's End",
        Native = "葬送のフリーレン",
    };

    public static readonly AniListEntry Dandadan = new(171018, "Dandadan")
    {
        Native = "ダンダダン",
    };

    public static readonly AniListEntry Mushishi = new(457, "Mushishi") { Native = "蟲師" };

    public static readonly AniListEntry Apothecary = new(161645, "Kusuriya no Hitorigoto")
    {
        MalId = 54492,
        English = "The Apothecary Diaries",
    };

    /// <summary>An episode sanitize matched on AniList, as sanitize records it (titled in English when AniList has it).</summary>
    public static MediaSummary OnAniList(AniListEntry show, int episode = 1) =>
        NotifyRig.Episode(show.English ?? show.Romaji, 1, episode) with
        {
            Details = new MediaDetails("anilist", show.Id, show.SiteUrl)
            {
                NativeTitle = show.Native,
                MalId = show.MalId,
                Titles =
                [
                    show.Romaji,
                    .. show.English is { } e ? [e] : Array.Empty<string>(),
                    .. show.Synonyms,
                ],
            },
        };

    public static void Filter(NotifyOptions o, string channel, params string[] only) =>
        o.Filters.Add(new NotifyFilterOptions { Channel = channel, Only = [.. only] });

    /// <summary>Discord messages (bodies) to the rig's webhook "1".</summary>
    public static IReadOnlyList<JsonElement> DiscordBodies(this NotifyRig rig) =>
        [
            .. rig
                .Server.Accepted.Where(r =>
                    r.Route.StartsWith("/api/webhooks/1/", StringComparison.Ordinal)
                )
                .Select(r => r.Body),
        ];

    /// <summary>The item's announcement on a channel as the outbox records it.</summary>
    public static async Task<Announcement> OnAsync(this NotifyRig rig, ItemId id, string channel) =>
        (await rig.Store.AnnouncementsOfAsync(id, TestContext.Current.CancellationToken)).Single(
            a => a.Channel == channel
        );

    /// <summary>
    /// Who Discord would ping for a webhook body, by its rules: a mention in content pings only
    /// if allowed_mentions allows it (its users/roles lists, or "users"/"roles" in parse, which
    /// must not be combined with the lists: Discord answers 400).
    /// </summary>
    public static (string[] Users, string[] Roles) Pings(JsonElement body)
    {
        var content = body.TryGetProperty("content", out var c) ? c.GetString() ?? "" : "";
        var allowed = body.GetProperty("allowed_mentions");
        var parse = allowed
            .GetProperty("parse")
            .EnumerateArray()
            .Select(p => p.GetString())
            .ToList();
        string[] List(string name) =>
            allowed.TryGetProperty(name, out var ids)
                ? [.. ids.EnumerateArray().Select(i => i.GetString()!)]
                : [];
        var (users, roles) = (List("users"), List("roles"));
        (parse.Contains("users") && users.Length > 0).ShouldBeFalse(
            "parse users with a users list is a 400"
        );
        (parse.Contains("roles") && roles.Length > 0).ShouldBeFalse(
            "parse roles with a roles list is a 400"
        );
        var written = UserMention().Matches(content).Select(m => m.Groups[1].Value).ToList();
        var writtenRoles = RoleMention().Matches(content).Select(m => m.Groups[1].Value).ToList();
        return (
            [.. written.Where(u => parse.Contains("users") || users.Contains(u)).Distinct()],
            [.. writtenRoles.Where(r => parse.Contains("roles") || roles.Contains(r)).Distinct()]
        );
    }

    [GeneratedRegex(@"<@!?(\d+)>")]
    private static partial Regex UserMention();

    [GeneratedRegex(@"<@&(\d+)>")]
    private static partial Regex RoleMention();
}
