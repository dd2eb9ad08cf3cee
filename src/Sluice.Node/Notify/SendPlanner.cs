using Sluice.Domain.Items;
using Sluice.Store;

namespace Sluice.Node.Notify;

/// <summary>What the channel's sender does next with the rows waiting on it.</summary>
public abstract record SendPlan
{
    private SendPlan() { }

    /// <summary>Send these rows as one request now.</summary>
    public sealed record Send(IReadOnlyList<OutboxEntry> Entries) : SendPlan;

    /// <summary>The first waiting row gathers its burst until <paramref name="When"/>.</summary>
    public sealed record NotBefore(DateTimeOffset When, string Reason) : SendPlan;

    /// <summary>The first waiting row waits for its item's library refresh.</summary>
    public sealed record Blocked(string Reason) : SendPlan;

    public sealed record Nothing : SendPlan;
}

/// <summary>
/// Picks the next request from a channel's waiting rows, which come in the order their items
/// reached notify. Pure. The first row decides: messages leave in the order of their first
/// item, and a row never overtakes one before it, except that a burst gathers the later
/// episodes of its season (reaching notify within the window of the first) into its message.
/// </summary>
public static class SendPlanner
{
    /// <summary>Items in one message at most: a long season still reads well in one embed.</summary>
    public const int MaxPerMessage = 25;

    /// <summary>Items in one refresh request at most.</summary>
    public const int MaxPerRefresh = 100;

    public static SendPlan Next(
        IReadOnlyList<OutboxEntry> waiting,
        DateTimeOffset now,
        Gathering gathering,
        TimeSpan window
    )
    {
        if (waiting.Count == 0)
        {
            return new SendPlan.Nothing();
        }

        var head = waiting[0];
        if (head.AwaitsRefresh)
        {
            return new SendPlan.Blocked(
                $"{NotificationPayloads.Title(head.Item)} waits for its library refresh"
            );
        }

        switch (gathering)
        {
            case Gathering.OneEach:
                return new SendPlan.Send([head]);
            case Gathering.Everything:
                return new SendPlan.Send([
                    .. waiting.Where(w => !w.AwaitsRefresh).Take(MaxPerRefresh),
                ]);
            case Gathering.SeasonBurst:
                break;
            default:
                throw new ArgumentOutOfRangeException(
                    nameof(gathering),
                    gathering,
                    "Unknown gathering."
                );
        }

        if (BurstOf(head.Item) is not { } burst)
        {
            return new SendPlan.Send([head]);
        }

        var closes = head.QueuedAt + window;
        if (closes > now)
        {
            return new SendPlan.NotBefore(
                closes,
                $"gathering episodes of {head.Item.Media!.Title}{(burst.Season is { } s ? $" season {s}" : "")} into one message"
            );
        }

        return new SendPlan.Send([
            .. waiting
                .Where(w => !w.AwaitsRefresh && w.QueuedAt <= closes && BurstOf(w.Item) == burst)
                .Take(MaxPerMessage),
        ]);
    }

    /// <summary>Which burst an item belongs to: the episodes of one season of one show.</summary>
    public static Burst? BurstOf(Item item) =>
        item.Media is { Kind: "episode", Title: { Length: > 0 } title } media
            ? new Burst(title.ToUpperInvariant(), media.Season)
            : null;

    public sealed record Burst(string Title, int? Season);
}
