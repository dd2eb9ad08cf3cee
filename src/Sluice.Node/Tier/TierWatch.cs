using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sluice.Domain.Items;
using Sluice.Node.Configuration;
using Sluice.Node.Engine;

namespace Sluice.Node.Tier;

/// <summary>
/// Runs a tiering pass on this node's disk every <see cref="TierOptions.Interval"/>, besides
/// the pass each item's tier step runs: a node that encodes or receives no new files still
/// keeps its disk under its watermark.
/// </summary>
public sealed class TierWatch(
    TierPass pass,
    NodeState node,
    IOptions<TierOptions> options,
    TimeProvider time,
    ILogger<TierWatch> log
) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!node.Has(Roles.Tier))
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(options.Value.Interval, time, stoppingToken);
                var result = await pass.RunAsync(stoppingToken);
                if (result.EvictedFiles > 0)
                {
                    log.LogInformation(
                        "Tiering freed {Bytes:N0} bytes ({Files} files)",
                        result.EvictedBytes,
                        result.EvictedFiles
                    );
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                log.LogWarning("Tiering pass failed: {Error}", ex.Message);
            }
        }
    }
}
