namespace Sluice.Store;

/// <summary>A library tool's plan, about to be carried out.</summary>
/// <param name="Plan">The steps as JSON (the node owns their shape); the store only counts them.</param>
public sealed record LibraryOpDraft(
    string Tool,
    string Folder,
    string Summary,
    string Plan,
    int Steps,
    string RequiredRole,
    string CreatedBy,
    string? RequiredNode = null
);

/// <summary>One library operation as stored, with its progress.</summary>
public sealed record LibraryOp(
    long Id,
    string Tool,
    string Folder,
    string Summary,
    string Plan,
    int StepsTotal,
    int StepsDone,
    string State,
    int Attempt,
    string? LeaseOwner,
    DateTimeOffset? LeaseExpiresAt,
    string? LastError,
    string CreatedBy,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? FinishedAt
)
{
    public const string Running = "running";
    public const string Done = "done";
    public const string Failed = "failed";

    /// <summary>Read from the store: running, but its node stopped renewing the lease and no node has taken it yet.</summary>
    public bool Stalled { get; init; }

    /// <summary>
    /// Running, and an attempt was cut short (a crash or a restart): it goes on, or will once a
    /// node with the role takes it, from <see cref="StepsDone"/>.
    /// </summary>
    public bool Resuming => State == Running && (Attempt > 1 || Stalled);
}

/// <summary>This node's hold on a library operation: every write it makes is fenced by <paramref name="Token"/>.</summary>
public sealed record LibraryOpLease(long OpId, long Token, string Node, int Attempt, LibraryOp Op);

/// <summary>Another library operation is running: one changes the library at a time.</summary>
public sealed class LibraryBusyException(string message) : InvalidOperationException(message);
