using System.Collections.Immutable;

namespace Sluice.Domain.Items;

/// <summary>An intention; <see cref="ItemMachine.Decide"/> turns it into events or a rejection.</summary>
public abstract record ItemCommand;

public sealed record Discover(
    ItemId Id,
    string Name,
    string IncomingPath,
    long Size,
    string SourceKey,
    string? Node = null
) : ItemCommand;

public sealed record StartStep(Step Step, int Attempt) : ItemCommand;

public sealed record CompleteSanitize(string LibraryPath, MediaSummary Media) : ItemCommand;

/// <param name="Replicas">For the source's first vault: the replica destinations to distribute to later.</param>
public sealed record CompleteVault(
    Artifact Artifact,
    ImmutableArray<VaultCopy> Copies,
    ImmutableArray<string> Replicas = default
) : ItemCommand
{
    public ImmutableArray<string> Replicas { get; init; } = Replicas.IsDefault ? [] : Replicas;
}

public sealed record CompleteDistribute(ImmutableArray<VaultCopy> Copies) : ItemCommand;

public sealed record CompleteTier(long FreeBytes, int EvictedFiles, long EvictedBytes)
    : ItemCommand;

public sealed record CompleteEncode(EncodeOutput Output) : ItemCommand;

public sealed record SkipEncode(string Reason) : ItemCommand;

/// <summary>The encode node died before it vaulted its output.</summary>
public sealed record LoseOutput(string Node) : ItemCommand;

public sealed record RecordNotification(
    string Channel,
    bool Unconfirmed = false,
    string? Filtered = null
) : ItemCommand;

public sealed record CompleteNotify(ImmutableArray<string> Channels) : ItemCommand;

/// <summary>
/// An attempt failed. The machine quarantines when the failure is permanent or the attempt
/// budget is spent; otherwise it schedules the retry at <paramref name="RetryAt"/>.
/// </summary>
public sealed record FailStep(
    Step Step,
    int Attempt,
    int MaxAttempts,
    string Error,
    bool Permanent,
    DateTimeOffset RetryAt
) : ItemCommand;

/// <summary>A lease ran out: counts as a spent attempt, like a failure that may be retried.</summary>
public sealed record ExpireLease(Step Step, int Attempt, int MaxAttempts, string Node)
    : ItemCommand;

public sealed record Retry(string By) : ItemCommand;

public sealed record Cancel(string By, string? Reason) : ItemCommand;

/// <summary>
/// An operator moves an item forward so that <paramref name="To"/> runs next, leaving out the
/// steps before it (a file ffmpeg cannot read, a replica that is gone). Never backwards, and
/// never past sanitize: every later step needs the library path sanitize gives the file.
/// </summary>
public sealed record SkipTo(Step To, string By) : ItemCommand;

public sealed record Evict(Artifact Artifact, long Bytes) : ItemCommand;

/// <summary>Keep the item's files on the local disk (tiering never evicts a pinned item).</summary>
public sealed record Pin(string By) : ItemCommand;

public sealed record Unpin(string By) : ItemCommand;

public sealed record RecordDuplicate(string Path, string KeptAt) : ItemCommand;

public sealed record PlanReplacement(Replacement Plan) : ItemCommand;

/// <summary>Gives up this item's name to a better file; its copies are already moved in the vault.</summary>
public sealed record Supersede(string LibraryPath, ItemId By, ImmutableArray<VaultCopy> Copies)
    : ItemCommand;

/// <summary>Sanitize found the same bytes already at the item's library path.</summary>
public sealed record SetAsideAsDuplicate(string LibraryPath, string KeptAt) : ItemCommand;

/// <summary>What <see cref="ItemMachine.Decide"/> answered: events to persist, or why not.</summary>
public sealed record Decision
{
    private Decision(ImmutableArray<ItemEvent> events, string? rejection)
    {
        Events = events;
        Rejection = rejection;
    }

    public ImmutableArray<ItemEvent> Events { get; }

    public string? Rejection { get; }

    public bool IsRejected => Rejection is not null;

    public static Decision Accept(params ItemEvent[] events) => new([.. events], null);

    public static Decision Reject(string reason) => new([], reason);

    /// <summary>The events, or an <see cref="InvalidTransitionException"/> naming the rejection.</summary>
    public ImmutableArray<ItemEvent> EventsOrThrow() =>
        Rejection is null ? Events : throw new InvalidTransitionException(Rejection);
}

/// <summary>A command that is not legal in the item's state. Never swallowed: it is a bug or a race.</summary>
public sealed class InvalidTransitionException(string message) : InvalidOperationException(message);
