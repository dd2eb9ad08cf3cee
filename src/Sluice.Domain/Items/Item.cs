using System.Collections.Immutable;

namespace Sluice.Domain.Items;

/// <summary>
/// The snapshot of one item: what its journal says, folded by <see cref="ItemMachine.Apply"/>.
/// Never mutated; every change is an event.
/// </summary>
public sealed record Item
{
    public required ItemId Id { get; init; }

    /// <summary>How many journal events have been applied; the compare-and-set version.</summary>
    public int Version { get; init; }

    public ItemState State { get; init; }

    /// <summary>The content fingerprint: the same bytes dropped twice are one item.</summary>
    public required string SourceKey { get; init; }

    /// <summary>The file name as it arrived.</summary>
    public required string Name { get; init; }

    /// <summary>Absolute path where the file was found.</summary>
    public required string IncomingPath { get; init; }

    public long Size { get; init; }

    /// <summary>The node whose disk holds the source file: steps that need its bytes run there.</summary>
    public string? Holder { get; init; }

    /// <summary>Replica destinations each vaulted file is copied to by the distribute step.</summary>
    public ImmutableArray<string> Replicas { get; init; } = [];

    /// <summary>Where sanitize put it, relative to the library root ("Shows/…").</summary>
    public string? LibraryPath { get; init; }

    public MediaSummary? Media { get; init; }

    public ImmutableArray<VaultCopy> Copies { get; init; } = [];

    /// <summary>Artifacts whose local copy tiering removed (their vault copies remain).</summary>
    public ImmutableArray<Artifact> Evicted { get; init; } = [];

    /// <summary>Pinned by a user: tiering keeps its files on the local disk whatever the fill level.</summary>
    public bool Pinned { get; init; }

    public EncodeOutput? Output { get; init; }

    public string? EncodeSkipped { get; init; }

    /// <summary>While sanitize replaces a worse file another item holds under this item's name: the plan, so a retry finishes it.</summary>
    public Replacement? Replacing { get; init; }

    public ImmutableArray<string> NotifiedChannels { get; init; } = [];

    public Failure? Failure { get; init; }

    /// <summary>A user deleted the item's show: no file of it remains anywhere.</summary>
    public bool Removed { get; init; }

    public bool IsTerminal =>
        State is ItemState.Notified or ItemState.Failed or ItemState.Cancelled;

    public bool IsVaulted(Artifact artifact) => Copies.Any(c => c.Artifact == artifact);

    /// <summary>The files that exist for this item: the source, and the encoded output once there is one.</summary>
    public IEnumerable<Artifact> Artifacts =>
        Output is null ? [Artifact.Source] : [Artifact.Source, Artifact.Encoded];

    /// <summary>(artifact, replica) pairs the distribute step still owes.</summary>
    public IEnumerable<(Artifact Artifact, string Replica)> PendingReplicas =>
        Replicas
            .SelectMany(r => Artifacts.Select(a => (a, r)))
            .Where(p => !Copies.Any(c => c.Artifact == p.a && c.Destination == p.r));

    /// <summary>The library-relative path of an artifact, or null when it does not exist (yet).</summary>
    public string? PathOf(Artifact artifact) =>
        artifact switch
        {
            Artifact.Source => LibraryPath,
            Artifact.Encoded => Output?.LibraryPath,
            _ => throw new ArgumentOutOfRangeException(
                nameof(artifact),
                artifact,
                "Unknown artifact."
            ),
        };
}

/// <summary>What the name parser (and a metadata provider, when one matched) made of the file, kept for naming and notifications.</summary>
public sealed record MediaSummary(
    string Kind,
    string? Title,
    int? Season,
    ImmutableArray<int> Episodes,
    int? Year
)
{
    public string? EpisodeTitle { get; init; }

    /// <summary>What AniList or TMDB said, when one matched confidently.</summary>
    public MediaDetails? Details { get; init; }
}

/// <summary>A metadata provider's facts about the show or film, for announcements.</summary>
public sealed record MediaDetails(string Provider, int ProviderId, string? Url)
{
    public string? CoverUrl { get; init; }

    public string? Studio { get; init; }

    /// <summary>0..100.</summary>
    public int? Score { get; init; }

    public int? Popularity { get; init; }

    public string? NativeTitle { get; init; }

    /// <summary>The show's id on MyAnimeList, when the provider knows it (AniList does).</summary>
    public int? MalId { get; init; }

    /// <summary>Every other title the provider knows the show by (romaji, English, synonyms): for filters and subscriptions.</summary>
    public ImmutableArray<string> Titles { get; init; } = [];
}

/// <summary>A verified copy in one vault destination.</summary>
/// <param name="Verification">What was checked: "md5:…", "sha1:…" or "size".</param>
public sealed record VaultCopy(
    Artifact Artifact,
    string Destination,
    string RemotePath,
    long Size,
    string Verification
);

/// <summary>The encode step's output, relative to the library root of <paramref name="Node"/>, which holds it.</summary>
public sealed record EncodeOutput(
    string Profile,
    string LibraryPath,
    long Size,
    double DurationSeconds,
    string? Node = null
)
{
    /// <summary>Why this profile and these tracks ("hardsub: burning subtitle #3 …"); absent in journals written before profiles.</summary>
    public string? Reason { get; init; }

    /// <summary>How long ffmpeg ran; absent when an earlier attempt's output was taken as it was.</summary>
    public double? EncodeSeconds { get; init; }
}

/// <summary>
/// This item takes <paramref name="LibraryPath"/> from item <paramref name="Old"/>, whose file
/// was vaulted first and moves (in the vault) to <paramref name="OldMovesTo"/>.
/// </summary>
public sealed record Replacement(ItemId Old, string LibraryPath, string OldMovesTo);

/// <summary>Why an item is quarantined and where it stood, so a retry can resume there.</summary>
public sealed record Failure(Step Step, ItemState From, int Attempt, string Reason);
