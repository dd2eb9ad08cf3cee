using Microsoft.Extensions.Logging;
using Sluice.Domain.Items;
using Sluice.Node.Engine;
using Sluice.Store;

namespace Sluice.Node.Notify;

/// <summary>Rows the channel's filters leave out: settled as filtered, under the turn's hold, never sent.</summary>
public sealed partial class ChannelDispatcher
{
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
