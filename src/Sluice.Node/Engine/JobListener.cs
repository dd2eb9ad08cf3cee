using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Sluice.Domain.Engine;
using Sluice.Store;

namespace Sluice.Node.Engine;

/// <summary>
/// The cluster's mailbox wake-up: jobs queued on any node poke this node's workers at once.
/// Polling stays the guarantee: while the listener is down (reconnecting with backoff) work is
/// only picked up later, never lost. With SQLite there is nothing to listen to.
/// </summary>
public sealed class JobListener(
    IStoreDialect dialect,
    WakeUps wakeUps,
    TimeProvider time,
    ILogger<JobListener> log
) : BackgroundService
{
    /// <summary>After a lost connection: 1 s, doubling, at most 30 s.</summary>
    private static readonly Backoff Reconnect = new(
        TimeSpan.FromSeconds(1),
        TimeSpan.FromSeconds(30),
        0
    );

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!dialect.CanListen)
        {
            return;
        }

        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await dialect.ListenAsync(wakeUps.Poke, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                failures++;
                var delay = Reconnect.Delay(failures, 0);
                log.LogWarning(
                    "Job listener lost its connection ({Error}); polling meanwhile, reconnecting in {Delay}",
                    ex.Message,
                    delay
                );
                try
                {
                    await Task.Delay(delay, time, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }
}
