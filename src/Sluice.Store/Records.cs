using Sluice.Domain.Items;

namespace Sluice.Store;

/// <summary>
/// The right to run one step of one item until the lease expires. Every write made under it
/// is fenced by <see cref="Token"/>: once another claim took the job, these writes change nothing.
/// </summary>
public sealed record JobLease(
    long JobId,
    long Token,
    ItemId ItemId,
    Step Step,
    int Attempt,
    int MaxAttempts,
    string Node
);

/// <summary>A claimed job with the item snapshot as it stood when the step started.</summary>
public sealed record ClaimedJob(JobLease Lease, Item Item);

public sealed record ClaimRequest(string Node, string Queue, int Max, TimeSpan Lease)
{
    /// <summary>The claiming node's roles: it only gets jobs whose step needs one of them.</summary>
    public IReadOnlyList<string> Roles { get; init; } = Domain.Items.Roles.All;
}

public sealed record NewItem(string Name, string IncomingPath, long Size, string SourceKey);

/// <summary>Whether discovering a file made a new item or found the one its content already has.</summary>
public abstract record DiscoverResult(ItemId Id)
{
    public sealed record Created(ItemId Id) : DiscoverResult(Id);

    /// <param name="LibraryPath">Null while the item's file has not left the incoming folder.</param>
    public sealed record Existing(
        ItemId Id,
        ItemState State,
        string IncomingPath,
        string? LibraryPath
    ) : DiscoverResult(Id);
}

/// <summary>The outcome of a fenced write under a lease.</summary>
public enum LeaseWrite
{
    Applied,

    /// <summary>The lease was lost (expired and taken, cancelled, or released): nothing was written.</summary>
    LeaseLost,
}

/// <summary>The outcome of an operator or maintenance command on an item.</summary>
public sealed record CommandResult(bool Applied, string? Rejection, Item? Item)
{
    public static CommandResult Ok(Item item) => new(true, null, item);

    public static CommandResult Rejected(string reason) => new(false, reason, null);
}

public sealed record ItemView(
    Item Item,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    bool Pinned,
    JobView? Job
);

public sealed record JobView(
    long JobId,
    Step Step,
    string State,
    string RequiredRole,
    string? RequiredNode,
    int Attempt,
    int MaxAttempts,
    DateTimeOffset RunAt,
    string? LeaseOwner,
    DateTimeOffset? LeaseExpiresAt,
    string? Progress,
    string? LastError
);

public sealed record JournalEntry(
    int Seq,
    string Type,
    ItemEvent Event,
    DateTimeOffset At,
    long? JobId,
    string? Node,
    int? Attempt
);

/// <param name="Stage">A queue (sanitize, vault, …): items whose current step is in it, or that failed there.</param>
/// <param name="Node">Items whose current step runs on, or waits for, this node.</param>
/// <param name="Running">Only items with a step running now.</param>
public sealed record ItemQuery(
    ItemState? State = null,
    string? Text = null,
    int Limit = 200,
    int Offset = 0,
    string? Stage = null,
    string? Node = null,
    bool Running = false
);

/// <summary>Who is starting: the registry refuses a second live process under one node name.</summary>
public sealed record NodeIdentity(
    string Name,
    Guid Instance,
    string Host,
    int Pid,
    IReadOnlyList<string> Roles
);

/// <param name="Alive">Its heartbeat is younger than the lease, on the database clock.</param>
public sealed record NodeView(
    string Name,
    string Host,
    int Pid,
    IReadOnlyList<string> Roles,
    bool Draining,
    bool Alive,
    DateTimeOffset StartedAt,
    DateTimeOffset HeartbeatAt,
    int RunningJobs
);

/// <summary>What the registry told a node at its heartbeat.</summary>
/// <param name="Owned">False when another instance has taken the node's name.</param>
/// <param name="Draining">An operator asked this node to finish its jobs and claim no more.</param>
public sealed record NodeHeartbeat(bool Owned, bool Draining);

/// <summary>One queue across the cluster: its controls and how many jobs stand in it.</summary>
public sealed record QueueView(
    string Queue,
    bool Paused,
    int? MaxRunning,
    int Waiting,
    int Running,
    int Retrying
);

public sealed class NodeNameInUseException(string message) : Exception(message);

public sealed class ItemNotFoundException(string message) : Exception(message);
