using System.Collections.Immutable;
using System.Text.Json.Serialization;

namespace Sluice.Domain.Items;

/// <summary>
/// A fact in an item's journal. The type name is stored beside the payload, so renaming a
/// record is a schema change: keep the discriminators stable.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(Discovered), "discovered")]
[JsonDerivedType(typeof(StepStarted), "step-started")]
[JsonDerivedType(typeof(Sanitized), "sanitized")]
[JsonDerivedType(typeof(Vaulted), "vaulted")]
[JsonDerivedType(typeof(Tiered), "tiered")]
[JsonDerivedType(typeof(Distributed), "distributed")]
[JsonDerivedType(typeof(EncodeProduced), "encode-produced")]
[JsonDerivedType(typeof(EncodeSkipped), "encode-skipped")]
[JsonDerivedType(typeof(OutputLost), "output-lost")]
[JsonDerivedType(typeof(NotificationSent), "notification-sent")]
[JsonDerivedType(typeof(Notified), "notified")]
[JsonDerivedType(typeof(StepFailed), "step-failed")]
[JsonDerivedType(typeof(Quarantined), "quarantined")]
[JsonDerivedType(typeof(RetryRequested), "retry-requested")]
[JsonDerivedType(typeof(Cancelled), "cancelled")]
[JsonDerivedType(typeof(Skipped), "skipped")]
[JsonDerivedType(typeof(LeaseExpired), "lease-expired")]
[JsonDerivedType(typeof(LocalCopyEvicted), "local-copy-evicted")]
[JsonDerivedType(typeof(DuplicateSeen), "duplicate-seen")]
[JsonDerivedType(typeof(AlreadyInLibrary), "already-in-library")]
[JsonDerivedType(typeof(ReplacementPlanned), "replacement-planned")]
[JsonDerivedType(typeof(Superseded), "superseded")]
[JsonDerivedType(typeof(Pinned), "pinned")]
[JsonDerivedType(typeof(Unpinned), "unpinned")]
[JsonDerivedType(typeof(Submitted), "submitted")]
[JsonDerivedType(typeof(Relocated), "relocated")]
[JsonDerivedType(typeof(Removed), "removed")]
public abstract record ItemEvent;

/// <param name="Node">The node that found the file and holds its bytes.</param>
public sealed record Discovered(
    string Name,
    string IncomingPath,
    long Size,
    string SourceKey,
    string? Node = null
) : ItemEvent;

public sealed record StepStarted(Step Step, int Attempt) : ItemEvent;

public sealed record Sanitized(string LibraryPath, MediaSummary Media) : ItemEvent;

/// <param name="Replicas">Set when the source is first vaulted: where the distribute step will copy each file.</param>
public sealed record Vaulted(
    Artifact Artifact,
    ImmutableArray<VaultCopy> Copies,
    ImmutableArray<string> Replicas = default
) : ItemEvent
{
    public ImmutableArray<string> Replicas { get; init; } = Replicas.IsDefault ? [] : Replicas;
}

/// <summary>Vaulted files were copied from a primary destination to replicas.</summary>
public sealed record Distributed(ImmutableArray<VaultCopy> Copies) : ItemEvent;

public sealed record Tiered(long FreeBytes, int EvictedFiles, long EvictedBytes) : ItemEvent;

public sealed record EncodeProduced(EncodeOutput Output) : ItemEvent;

public sealed record EncodeSkipped(string Reason) : ItemEvent;

/// <summary>The node holding an encoded output that was never vaulted is gone: encode again elsewhere.</summary>
public sealed record OutputLost(string Node) : ItemEvent;

/// <param name="Unconfirmed">The node died while sending: the message may or may not have gone out, and is not repeated.</param>
/// <param name="Filtered">Not announced on the channel after all: the item matched none of its filters (why).</param>
public sealed record NotificationSent(
    string Channel,
    bool Unconfirmed = false,
    string? Filtered = null
) : ItemEvent;

public sealed record Notified(ImmutableArray<string> Channels) : ItemEvent;

/// <summary>An attempt failed and the step will run again at <paramref name="RetryAt"/>.</summary>
public sealed record StepFailed(Step Step, int Attempt, string Error, DateTimeOffset RetryAt)
    : ItemEvent;

/// <summary>The step failed for good (permanent error or budget spent): the item waits for an operator.</summary>
public sealed record Quarantined(Step Step, int Attempt, string Reason) : ItemEvent;

public sealed record RetryRequested(string By) : ItemEvent;

public sealed record Cancelled(string By, string? Reason) : ItemEvent;

/// <summary>An operator left out <paramref name="Steps"/>: the item goes on with <paramref name="To"/>.</summary>
public sealed record Skipped(Step To, ImmutableArray<Step> Steps, string By) : ItemEvent;

/// <summary>The node running a step stopped renewing its lease; the step was handed back.</summary>
public sealed record LeaseExpired(Step Step, int Attempt, string Node) : ItemEvent;

public sealed record LocalCopyEvicted(Artifact Artifact, string LibraryPath, long Bytes)
    : ItemEvent;

/// <summary>
/// The library already holds these exact bytes under the name this item would take (put there
/// outside Sluice): the item ends here, and its file was set aside, not deleted.
/// </summary>
public sealed record AlreadyInLibrary(string LibraryPath, string KeptAt) : ItemEvent;

/// <summary>Sanitize found a worse file of another item under this item's name and will take the name.</summary>
public sealed record ReplacementPlanned(Replacement Plan) : ItemEvent;

/// <summary>
/// A better file took this item's name: this item's vault copies moved to <paramref name="LibraryPath"/>
/// and its local copy was removed (the vault keeps it).
/// </summary>
public sealed record Superseded(string LibraryPath, ItemId By, ImmutableArray<VaultCopy> Copies)
    : ItemEvent;

/// <summary>The same content arrived again; the new copy was set aside, not deleted.</summary>
public sealed record DuplicateSeen(string Path, string KeptAt) : ItemEvent;

/// <summary>A user asked to keep the item's files on the local disk: tiering leaves them alone.</summary>
public sealed record Pinned(string By) : ItemEvent;

/// <summary>A user released a pin: the item's files may be evicted again once verifiably vaulted.</summary>
public sealed record Unpinned(string By) : ItemEvent;
