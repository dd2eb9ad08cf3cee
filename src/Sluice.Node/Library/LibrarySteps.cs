using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;
using Sluice.Domain.Items;

namespace Sluice.Node.Library;

/// <summary>
/// One step of a library operation. Each is idempotent: run again after a crash it finds its
/// work done (source gone, target present and verified) and does nothing. Paths are relative to
/// the library root, and to each destination's root for remote steps. The kind names are
/// stored in the operation's plan: keep them stable.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(MoveLocal), "move-local")]
[JsonDerivedType(typeof(MoveRemote), "move-remote")]
[JsonDerivedType(typeof(DeleteLocal), "delete-local")]
[JsonDerivedType(typeof(DeleteRemote), "delete-remote")]
[JsonDerivedType(typeof(RemoveDirLocal), "rmdir-local")]
[JsonDerivedType(typeof(RemoveDirRemote), "rmdir-remote")]
[JsonDerivedType(typeof(JournalRelocate), "journal-relocate")]
[JsonDerivedType(typeof(JournalRemove), "journal-remove")]
[JsonDerivedType(typeof(Redirect), "redirect")]
public abstract record LibraryStep
{
    /// <summary>"local", a destination's name, or "journal".</summary>
    public abstract string Where { get; }

    public abstract string Describe();
}

public sealed record MoveLocal(string From, string To, long Size) : LibraryStep
{
    public override string Where => "local";

    public override string Describe() => $"move {From} → {To}";
}

/// <param name="Verification">What the vault recorded for the copy ("md5:…", "size"…): the moved copy is checked against it.</param>
public sealed record MoveRemote(
    string Destination,
    string From,
    string To,
    long Size,
    string Verification
) : LibraryStep
{
    public override string Where => Destination;

    public override string Describe() => $"move {From} → {To}";
}

/// <param name="SourceKey">For an item's source: its content fingerprint, checked before deleting.</param>
public sealed record DeleteLocal(string Path, long Size, string? SourceKey) : LibraryStep
{
    public override string Where => "local";

    public override string Describe() => $"delete {Path}";
}

public sealed record DeleteRemote(string Destination, string Path, long Size) : LibraryStep
{
    public override string Where => Destination;

    public override string Describe() => $"delete {Path}";
}

/// <summary>Removes the folder only if it is empty when the step runs; a folder that holds anything stays.</summary>
public sealed record RemoveDirLocal(string Path) : LibraryStep
{
    public override string Where => "local";

    public override string Describe() => $"remove folder {Path}/ if empty";
}

public sealed record RemoveDirRemote(string Destination, string Path) : LibraryStep
{
    public override string Where => Destination;

    public override string Describe() => $"remove folder {Path}/ if empty";
}

public sealed record JournalRelocate(
    ItemId Item,
    string LibraryPath,
    string? OutputPath,
    ImmutableArray<VaultCopy> Copies
) : LibraryStep
{
    public override string Where => "journal";

    public override string Describe() => $"item {Item.ToString()[..8]}: now at {LibraryPath}";
}

public sealed record JournalRemove(ItemId Item, string LibraryPath) : LibraryStep
{
    public override string Where => "journal";

    public override string Describe() => $"item {Item.ToString()[..8]}: removed ({LibraryPath})";
}

/// <summary>Later episodes of the show go to its new folder instead of recreating the old one.</summary>
public sealed record Redirect(string From, string To) : LibraryStep
{
    public override string Where => "journal";

    public override string Describe() => $"new episodes of {From} go to {To}";
}

/// <summary>What a tool would do: its steps in order, and what it leaves alone and why.</summary>
public sealed record LibraryPlan(
    string Tool,
    string Folder,
    string Summary,
    ImmutableArray<LibraryStep> Steps,
    ImmutableArray<string> Notes
)
{
    public static JsonSerializerOptions Json { get; } = new(ItemJson.Options);

    public string StepsJson() => JsonSerializer.Serialize(Steps, Json);

    public static ImmutableArray<LibraryStep> ParseSteps(string json) =>
        JsonSerializer.Deserialize<ImmutableArray<LibraryStep>>(json, Json);
}

/// <summary>A plan that must not run: a collision, a busy item, a bad argument. Nothing was changed.</summary>
public sealed class LibraryPlanException(string message, bool notFound = false) : Exception(message)
{
    public bool NotFound => notFound;
}

/// <summary>A step that cannot be done safely (a collision, a file that is not the item's): the operation stops.</summary>
public sealed class LibraryStepException(string message) : Exception(message);
