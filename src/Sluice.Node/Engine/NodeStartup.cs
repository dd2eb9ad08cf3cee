using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sluice.Node.Configuration;
using Sluice.Store;

namespace Sluice.Node.Engine;

/// <summary>
/// Runs before any worker: folders, schema, orphaned tools of a crashed previous instance,
/// leftover temp files, registration, and taking back the previous instance's jobs. When it
/// returns, nothing of an earlier run can still write, and every unfinished item has a job.
/// </summary>
public sealed class NodeStartup(
    EngineStore store,
    NodeState node,
    NodePaths paths,
    OrphanSweeper orphans,
    IOptions<EngineOptions> engine,
    IOptions<StagesOptions> stages,
    ILogger<NodeStartup> log
) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        paths.CreateFolders();
        await store.MigrateAsync(cancellationToken);
        var killed = orphans.KillOrphanedTools();
        if (killed > 0)
        {
            log.LogWarning(
                "Stopped {Count} tool processes left running by a previous instance",
                killed
            );
        }

        SweepWorkFolder();
        // Cluster-wide caps come from configuration; keep them the same on every node.
        foreach (var queue in store.Policy.Steps.Values.Select(s => s.Queue).Distinct())
        {
            if (stages.Value.ForQueue(queue).ClusterLimit is { } limit)
            {
                await store.SetLimitAsync(queue, limit, cancellationToken);
            }
        }

        var rescued = await store.StartNodeAsync(
            node.Identity,
            engine.Value.LeaseDuration,
            OrphanSweeper.IsLocalSluiceProcess,
            cancellationToken
        );
        log.LogInformation(
            "Node {Node} started (pid {Pid}, roles {Roles}, {Store}); {Rescued} unfinished jobs taken back",
            node.Name,
            node.Identity.Pid,
            string.Join(",", node.Roles),
            store.Dialect is Store.Sqlite.SqliteDialect sqlite
                ? $"SQLite at {sqlite.DatabasePath}"
                : "PostgreSQL",
            rescued
        );
        if (
            store.Dialect is Store.Sqlite.SqliteDialect
            && node.Roles.Count < Domain.Items.Roles.All.Count
        )
        {
            log.LogWarning(
                "Node {Node} has only some roles but runs on a SQLite database: steps of the other roles wait unless other nodes share this file. For a cluster, set Store:Postgres",
                node.Name
            );
        }

        if (node.Has(Domain.Items.Roles.Tier) && !Tier.OpenFiles.CanSeeAllProcesses())
        {
            log.LogWarning(
                "Tiering cannot see which files other users' processes have open (no access to /proc/*/fd): run as the media server's user or grant CAP_SYS_PTRACE and CAP_DAC_READ_SEARCH, or a file being streamed could be evicted"
            );
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>The work folder belongs to this node alone; anything in it at start is a crash's leftover.</summary>
    private void SweepWorkFolder()
    {
        foreach (var entry in new DirectoryInfo(paths.Work).EnumerateFileSystemInfos())
        {
            if (entry is DirectoryInfo dir)
            {
                dir.Delete(recursive: true);
            }
            else
            {
                entry.Delete();
            }
        }
    }
}
