using System.Collections.Immutable;

namespace Sluice.Domain.Items;

/// <summary>
/// A file handed to Sluice through the API instead of the incoming folder, entering the pipeline
/// at <paramref name="Entry"/>: a local file in incoming (at sanitize), a library file (at
/// vault, encode or notify), or a file that exists only in a vault destination (at encode,
/// distribute or notify; <paramref name="Node"/> is null and <paramref name="Copies"/> holds the
/// verified remote copy).
/// </summary>
/// <param name="Source">What was submitted: an absolute local path, or "destination:path".</param>
/// <param name="LibraryPath">Library-relative path of a file past sanitize (the vault mirrors the library); null at sanitize.</param>
/// <param name="Replicas">For an entry at distribute: the replicas to fill.</param>
public sealed record Submit(
    ItemId Id,
    string Name,
    string Source,
    long Size,
    string SourceKey,
    Step Entry,
    string? Node,
    string? LibraryPath,
    MediaSummary? Media,
    ImmutableArray<VaultCopy> Copies,
    ImmutableArray<string> Replicas,
    string By
) : ItemCommand;

/// <summary>The item was created by a submission (see <see cref="Submit"/>), resting where <see cref="Entry"/> runs next.</summary>
public sealed record Submitted(
    string Name,
    string Source,
    long Size,
    string SourceKey,
    Step Entry,
    string? Node,
    string? LibraryPath,
    MediaSummary? Media,
    ImmutableArray<VaultCopy> Copies,
    ImmutableArray<string> Replicas,
    string By
) : ItemEvent;

public static partial class ItemMachine
{
    /// <summary>The stages a submission may enter at, in pipeline order.</summary>
    public static IReadOnlyList<Step> EntryStages { get; } =
    [Step.Sanitize, Step.Vault, Step.Encode, Step.Distribute, Step.Notify];

    private static Decision DecideSubmit(Submit s)
    {
        if (!EntryStages.Contains(s.Entry))
        {
            return Decision.Reject(
                $"A file can enter at {string.Join(", ", EntryStages.Select(Names.Of))}, not at {Names.Of(s.Entry)}."
            );
        }

        var local = s.Node is not null;
        var problem = (s.Entry, local) switch
        {
            (Step.Sanitize, false) or (Step.Vault, false) =>
                $"{Names.Of(s.Entry)} needs the file on a node's disk; a file only in the vault enters at encode, distribute or notify.",
            (Step.Sanitize, true) when s.LibraryPath is not null =>
                "sanitize sorts a file from incoming; a file already in the library enters at vault, encode or notify.",
            (not Step.Sanitize, _) when s.LibraryPath is null or "" =>
                $"{Names.Of(s.Entry)} needs the file's library path.",
            (Step.Distribute, true) =>
                "distribute copies a vault copy to the replicas; a local file enters at vault first.",
            (Step.Distribute, false) when s.Replicas.IsDefaultOrEmpty =>
                "distribute needs replica destinations, and none is configured besides the file's own.",
            (_, false) when s.Copies.IsDefaultOrEmpty =>
                "a file only in the vault needs its verified vault copy.",
            _ => null,
        };
        if (problem is not null)
        {
            return Decision.Reject(problem);
        }

        var submitted = new Submitted(
            s.Name,
            s.Source,
            s.Size,
            s.SourceKey,
            s.Entry,
            s.Node,
            s.LibraryPath,
            s.Media,
            s.Copies.IsDefault ? [] : s.Copies,
            s.Replicas.IsDefault ? [] : s.Replicas,
            s.By
        );
        return Pipeline.NextStep(ApplySubmitted(submitted, s.Id)) == s.Entry
            ? Decision.Accept(submitted)
            : Decision.Reject($"A file cannot enter at {Names.Of(s.Entry)} this way.");
    }

    /// <summary>A new item resting where its entry stage runs next, as if the steps before it had run.</summary>
    private static Item ApplySubmitted(Submitted s, ItemId id) =>
        new()
        {
            Id = id,
            Version = 1,
            State = s.Entry switch
            {
                Step.Sanitize => ItemState.Incoming,
                Step.Vault => ItemState.Sanitized,
                Step.Encode => ItemState.Tiered,
                Step.Distribute or Step.Notify => ItemState.Encoded,
                _ => throw new InvalidTransitionException(
                    $"Item {id} cannot enter at {Names.Of(s.Entry)}."
                ),
            },
            Name = s.Name,
            IncomingPath = s.Source,
            Size = s.Size,
            SourceKey = s.SourceKey,
            Holder = s.Node,
            LibraryPath = s.LibraryPath,
            Media = s.Media,
            Copies = s.Copies.IsDefault ? [] : s.Copies,
            Replicas = s.Replicas.IsDefault ? [] : s.Replicas,
            // A file only in the vault is held like a source tiering evicted: encode fetches it.
            Evicted = s.Node is null ? [Artifact.Source] : [],
            EncodeSkipped = s.Entry is Step.Distribute or Step.Notify
                ? $"submitted at {Names.Of(s.Entry)}"
                : null,
        };
}
