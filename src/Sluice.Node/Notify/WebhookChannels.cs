using Sluice.Domain.Items;
using Sluice.Node.Configuration;
using Sluice.Node.Notify.Audience;

namespace Sluice.Node.Notify;

/// <summary>A Discord webhook: embeds in Izumi's spirit, a season's burst of episodes as one message.</summary>
public sealed class DiscordChannel(WebhookOptions options, WebhookSender sender, TimeProvider time)
    : IMentioningChannel
{
    public string Name { get; } = $"discord:{options.Name}";

    public bool IsRefresh => false;

    public Gathering Gathering => Gathering.SeasonBurst;

    public Task SendAsync(IReadOnlyList<Item> items, string idempotencyKey, CancellationToken ct) =>
        SendAsync(items, Mentions.None, idempotencyKey, ct);

    public Task SendAsync(
        IReadOnlyList<Item> items,
        Mentions mentions,
        string idempotencyKey,
        CancellationToken ct
    ) =>
        sender.SendAsync(
            Name,
            new Uri(options.Url),
            NotificationPayloads.Discord(items, time.GetUtcNow(), mentions),
            idempotencyKey,
            null,
            ct
        );
}

/// <summary>A generic JSON webhook: one signed request per item, for machines.</summary>
public sealed class GenericWebhookChannel(
    WebhookOptions options,
    WebhookSender sender,
    TimeProvider time
) : INotifyChannel
{
    public string Name { get; } = $"webhook:{options.Name}";

    public bool IsRefresh => false;

    public Gathering Gathering => Gathering.OneEach;

    public Task SendAsync(IReadOnlyList<Item> items, string idempotencyKey, CancellationToken ct) =>
        sender.SendAsync(
            Name,
            new Uri(options.Url),
            NotificationPayloads.Webhook(items.Single(), Name, time.GetUtcNow()),
            idempotencyKey,
            options.Secret,
            ct
        );
}
