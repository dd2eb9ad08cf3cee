using Sluice.Domain.Items;
using Sluice.Node.Notify.Audience;

namespace Sluice.Node.Notify;

/// <summary>How a channel gathers the items waiting on it into one request.</summary>
public enum Gathering
{
    /// <summary>One request per item (generic webhooks: machines want one event per file).</summary>
    OneEach,

    /// <summary>Episodes of one season reaching notify within the coalescing window share one message.</summary>
    SeasonBurst,

    /// <summary>Everything waiting goes in one request (a library refresh of the folders involved).</summary>
    Everything,
}

/// <summary>One configured destination of announcements: a Discord webhook, a generic webhook, a media server.</summary>
public interface INotifyChannel
{
    /// <summary>"discord:NAME", "webhook:NAME", "plex:NAME", "jellyfin:NAME": the outbox's channel.</summary>
    string Name { get; }

    /// <summary>
    /// A media server's refresh: it goes before the item's messages, and since repeating it is
    /// harmless, a refresh cut short by a crash is sent again rather than recorded as unconfirmed.
    /// </summary>
    bool IsRefresh { get; }

    Gathering Gathering { get; }

    /// <summary>Sends one request for <paramref name="items"/>; throws a <see cref="DeliveryException"/> when it does not deliver.</summary>
    Task SendAsync(IReadOnlyList<Item> items, string idempotencyKey, CancellationToken ct);
}

/// <summary>A channel whose messages can mention people: the subscribers of the shows announced.</summary>
public interface IMentioningChannel : INotifyChannel
{
    Task SendAsync(
        IReadOnlyList<Item> items,
        Mentions mentions,
        string idempotencyKey,
        CancellationToken ct
    );
}
