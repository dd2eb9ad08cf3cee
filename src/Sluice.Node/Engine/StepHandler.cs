using System.Text.Json;
using Sluice.Domain.Items;
using Sluice.Store;

namespace Sluice.Node.Engine;

/// <summary>
/// Runs one step of one item and returns its outcome as a command for the state machine. A
/// handler never writes the item itself: the worker persists the outcome under the lease.
/// Every side effect must be idempotent (a step may run again after a crash): write under a
/// temp name unique to the item and token, verify, then move into place.
/// </summary>
public interface IStepHandler
{
    Step Step { get; }

    Task<ItemCommand> RunAsync(StepContext context, CancellationToken ct);
}

/// <summary>What a handler knows about the job it runs, and how it talks back.</summary>
public sealed class StepContext(ClaimedJob job, EngineStore store)
{
    private string? _progress;

    public Item Item => job.Item;

    public JobLease Lease => job.Lease;

    /// <summary>A string unique to this item and claim, for temp names.</summary>
    public string TempTag => $"{Item.Id}-{Lease.Token}";

    /// <summary>The temp-name prefix shared by every attempt on this item, for sweeping leftovers.</summary>
    public string TempPrefix => $".sluice-tmp-{Item.Id}-";

    public string TempName => $"{TempPrefix}{Lease.Token}";

    /// <summary>The latest progress, sent with the next heartbeat.</summary>
    public string? Progress => Volatile.Read(ref _progress);

    public void ReportProgress(object progress) =>
        Volatile.Write(ref _progress, JsonSerializer.Serialize(progress, ItemJson.Options));

    /// <summary>Journals a fact mid-step. Throws <see cref="LeaseLostException"/> when the lease is gone.</summary>
    public async Task RecordAsync(ItemCommand fact, CancellationToken ct)
    {
        if (await store.RecordAsync(Lease, fact, ct) == LeaseWrite.LeaseLost)
        {
            throw new LeaseLostException(Lease);
        }
    }

    /// <summary>
    /// Confirms the lease is still held just before something that cannot be undone (deleting
    /// a source). Throws <see cref="LeaseLostException"/> otherwise.
    /// </summary>
    public async Task EnsureLeaseAsync(TimeSpan duration, CancellationToken ct)
    {
        if (!await store.HeartbeatAsync(Lease, duration, Progress, ct))
        {
            throw new LeaseLostException(Lease);
        }
    }
}

/// <summary>A failure that retrying will not fix (corrupt media, a conflicting remote file).</summary>
public sealed class PermanentStepException(string message, Exception? inner = null)
    : Exception(message, inner);

/// <summary>
/// The step cannot run now for a reason outside the item (a destination outside its upload
/// window, over its daily cap, or paused by a quota error): the job waits until
/// <paramref name="until"/> without spending an attempt, and says why.
/// </summary>
public sealed class DeferStepException(DateTimeOffset until, string reason) : Exception(reason)
{
    public DateTimeOffset Until { get; } = until;
}

/// <summary>The lease was taken away; the step's work must be discarded without writing anything.</summary>
public sealed class LeaseLostException(JobLease lease)
    : Exception($"Lost the lease on job {lease.JobId} (token {lease.Token}).");
