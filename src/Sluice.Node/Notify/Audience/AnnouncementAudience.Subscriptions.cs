using Sluice.Domain.Items;

namespace Sluice.Node.Notify.Audience;

/// <summary>A subscription as the sender uses it, from configuration or ctl.</summary>
/// <param name="Channel">Null for every Discord channel.</param>
public sealed record Subscription(ShowRef Show, Mention Mention, string? Channel, bool Configured);

public sealed partial class AnnouncementAudience
{
    /// <summary>Discord allows 100 users and 100 roles per message.</summary>
    public const int MaxMentions = 100;

    /// <summary>Every subscription: configuration's (read-only) first, then ctl's.</summary>
    public async Task<IReadOnlyList<Subscription>> SubscriptionsAsync(CancellationToken ct)
    {
        var all = new List<Subscription>();
        foreach (var s in options.Value.Subscriptions)
        {
            if (ShowRef.Parse(s.Show, out _) is not { } show)
            {
                continue;
            }

            var channel = string.IsNullOrEmpty(s.Channel) ? null : s.Channel;
            all.AddRange(s.Users.Select(u => new Subscription(show, new(false, u), channel, true)));
            all.AddRange(s.Roles.Select(r => new Subscription(show, new(true, r), channel, true)));
        }

        foreach (var s in await store.SubscriptionsAsync(ct))
        {
            if (
                ShowRef.Parse(s.Show, out _) is { } show
                && Mention.Parse(s.Mention, out _) is { } mention
            )
            {
                all.Add(
                    new Subscription(show, mention, s.Channel.Length == 0 ? null : s.Channel, false)
                );
            }
        }

        return all;
    }

    /// <summary>
    /// Everyone subscribed to a show among <paramref name="items"/> on <paramref name="channel"/>,
    /// each once. A list that cannot be read mentions nobody: mentions never hold a message back.
    /// </summary>
    public async Task<Mentions> MentionsAsync(
        string channel,
        IReadOnlyList<Item> items,
        CancellationToken ct
    )
    {
        var subscriptions = (await SubscriptionsAsync(ct))
            .Where(s => s.Channel is null || s.Channel == channel)
            .ToList();
        if (subscriptions.Count == 0)
        {
            return Mentions.None;
        }

        var shows = items.Select(ShowTitles.Of).ToList();
        var users = new List<string>();
        var roles = new List<string>();
        foreach (var subscription in subscriptions)
        {
            var target = subscription.Mention.IsRole ? roles : users;
            if (target.Contains(subscription.Mention.Id) || target.Count >= MaxMentions)
            {
                continue;
            }

            if (await AnyOfAsync(subscription.Show, shows, ct))
            {
                target.Add(subscription.Mention.Id);
            }
        }

        return new Mentions(users, roles);
    }

    private async Task<bool> AnyOfAsync(
        ShowRef show,
        IReadOnlyList<ShowTitles> shows,
        CancellationToken ct
    )
    {
        if (show.List is { } source)
        {
            var list = (await lists.GetAsync(source, ct)).List;
            return list is not null && shows.Any(list.Contains);
        }

        return show.AniListId is { } id
            ? shows.Any(s => s.AniListId == id)
            : shows.Any(s => s.HasKey(show.Key!));
    }
}
