using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sluice.Domain.Items;
using Sluice.Node.Configuration;
using Sluice.Node.Engine;
using Sluice.Store;

namespace Sluice.Node.Notify;

/// <summary>
/// Announces an item on every channel its outbox still owes, at most once per channel: the
/// send is marked in flight before the request and journaled right after it succeeds, so a
/// retry never repeats a confirmed channel, and a send cut short by a crash is recorded as
/// unconfirmed rather than repeated. One failing channel does not hold back the others.
/// </summary>
public sealed class NotifyHandler(
    EngineStore store,
    WebhookSender sender,
    IOptions<NotifyOptions> options,
    TimeProvider time,
    ILogger<NotifyHandler> log
) : IStepHandler
{
    public Step Step => Step.Notify;

    public async Task<ItemCommand> RunAsync(StepContext context, CancellationToken ct)
    {
        var item = context.Item;
        var pending = await store.PendingChannelsAsync(item.Id, ct);
        var sent = item.NotifiedChannels.ToList();
        var failures = new List<Exception>();
        foreach (var channel in pending.Where(c => !sent.Contains(c)))
        {
            switch (await store.BeginSendAsync(context.Lease, channel, ct))
            {
                case SendDecision.LeaseLost:
                    throw new LeaseLostException(context.Lease);
                case SendDecision.Done:
                    sent.Add(channel);
                    continue;
                case SendDecision.Unconfirmed:
                    log.LogWarning(
                        "{Item} on {Channel}: an earlier attempt died mid-send; not repeating it",
                        item.Id,
                        channel
                    );
                    sent.Add(channel);
                    continue;
                case SendDecision.Send:
                    break;
                default:
                    throw new InvalidOperationException("Unknown send decision.");
            }

            try
            {
                await SendAsync(item, channel, ct);
            }
            catch (DeliveryException ex) when (ex.Fault == DeliveryFault.Unknown)
            {
                // It may have arrived: the in-flight mark stays, and the retry records it as
                // unconfirmed instead of sending it again.
                failures.Add(ex);
                continue;
            }
            catch (Exception ex) when (ex is not LeaseLostException)
            {
                await store.AbortSendAsync(
                    context.Lease,
                    channel,
                    ex.Message,
                    CancellationToken.None
                );
                if (ex is OperationCanceledException)
                {
                    throw;
                }

                failures.Add(ex);
                continue;
            }

            await context.RecordAsync(new RecordNotification(channel), ct);
            sent.Add(channel);
            log.LogInformation("Announced {Item} on {Channel}", item.Id, channel);
        }

        if (failures.Count > 0)
        {
            var message = string.Join("; ", failures.Select(f => f.Message));
            throw failures.All(f =>
                f is PermanentStepException
                || f is DeliveryException { Fault: DeliveryFault.Gone or DeliveryFault.Rejected }
            )
                ? new PermanentStepException(message)
                : new HttpRequestException(message);
        }

        return new CompleteNotify([.. sent]);
    }

    private Task SendAsync(Item item, string channel, CancellationToken ct)
    {
        var settings = options.Value;
        var key = $"{item.Id}:{channel}";
        var now = time.GetUtcNow();
        var name = channel[(channel.IndexOf(':', StringComparison.Ordinal) + 1)..];
        if (channel.StartsWith("discord:", StringComparison.Ordinal))
        {
            var discord =
                settings.Discord.FirstOrDefault(d => d.Name == name) ?? throw Unconfigured(channel);
            return sender.SendAsync(
                channel,
                new Uri(discord.Url),
                NotificationPayloads.Discord(item, now),
                key,
                null,
                ct
            );
        }

        if (channel.StartsWith("webhook:", StringComparison.Ordinal))
        {
            var webhook =
                settings.Webhooks.FirstOrDefault(w => w.Name == name)
                ?? throw Unconfigured(channel);
            return sender.SendAsync(
                channel,
                new Uri(webhook.Url),
                NotificationPayloads.Webhook(item, channel, now),
                key,
                webhook.Secret,
                ct
            );
        }

        throw Unconfigured(channel);
    }

    private static PermanentStepException Unconfigured(string channel) =>
        new($"Channel {channel} is owed a notification but is no longer configured.");
}
