using Microsoft.Extensions.Logging;
using Sluice.Domain.Items;
using Sluice.Node.Engine;
using Sluice.Store;

namespace Sluice.Node.Notify;

/// <summary>Rows the channel's filters leave out: settled as filtered, under the turn's hold, never sent.</summary>
public sealed partial class ChannelDispatcher
{
    /// <summary>
    /// The rows that may go now (in order, up to the first one held for a list never fetched)
    /// and why the rest wait; null when rows were settled as filtered, so the caller looks again.
    /// A library refresh is never filtered: a file in the library is always refreshed.
    /// </summary>
    private async Task<(IReadOnlyList<OutboxEntry> Ready, string? Held)?> ScreenAsync(
        JobLease lease,
        INotifyChannel channel,
        IReadOnlyList<OutboxEntry> waiting,
        CancellationToken ct
    )
    {
        if (channel.IsRefresh)
        {
            return (waiting, null);
        }

        var screening = await audience.ScreenAsync(channel.Name, waiting, ct);
        if (screening.Filtered.Count > 0)
        {
            await FilterOutAsync(lease, channel, screening.Filtered, ct);
            return null;
        }

        return (screening.Ready, screening.Held);
    }

    private async Task FilterOutAsync(
        JobLease lease,
        INotifyChannel channel,
        IReadOnlyList<(ItemId Item, string Reason)> rows,
        CancellationToken ct
    )
    {
        if (await store.FilterOutAsync(lease, channel.Name, rows, ct) == LeaseWrite.LeaseLost)
        {
            throw new LeaseLostException(lease);
        }

        foreach (var (item, reason) in rows)
        {
            log.LogInformation(
                "{Channel}: not announcing {Item}, {Reason}",
                channel.Name,
                item,
                reason
            );
        }
    }
}
