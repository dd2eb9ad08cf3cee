using System.Collections.Immutable;

namespace Sluice.Domain.Items;

/// <summary>
/// A library tool moved the item's files (a show moved between top folders, into a season
/// folder, or renamed): its library path, its encoded output's path and its vault copies are
/// where the journal now says, locally and on every destination.
/// </summary>
/// <param name="OutputPath">The encoded output's new path; null when the item has none.</param>
/// <param name="Operation">The library operation that did it, for the timeline.</param>
public sealed record Relocated(
    string LibraryPath,
    string? OutputPath,
    ImmutableArray<VaultCopy> Copies,
    string By,
    long Operation
) : ItemEvent;

/// <summary>
/// A user deleted the item's show: its files are gone from the library and from every vault
/// destination. The item ends here; its journal keeps where they were.
/// </summary>
public sealed record Removed(string LibraryPath, string By, long Operation) : ItemEvent;

/// <summary>Records the files' new places after a library tool moved them.</summary>
public sealed record Relocate(
    string LibraryPath,
    string? OutputPath,
    ImmutableArray<VaultCopy> Copies,
    string By,
    long Operation
) : ItemCommand;

/// <summary>Records that a library tool deleted the item's files everywhere.</summary>
public sealed record Remove(string By, long Operation) : ItemCommand;

public static partial class ItemMachine
{
    /// <summary>
    /// Library tools only touch items at rest (notified or cancelled): an item still in the
    /// pipeline has a job that reads or writes its files under the old name.
    /// </summary>
    private static Decision DecideLibrary(Item item, ItemCommand command)
    {
        if (item.Removed)
        {
            return Decision.Reject($"Item {item.Id} was removed.");
        }

        // A failed item is not at rest either: a retry would run its step on the old paths.
        if (item.State is not (ItemState.Notified or ItemState.Cancelled))
        {
            return Decision.Reject(
                $"Item {item.Id} is still in the pipeline ({Names.Of(item.State)}); library tools wait until it is done."
            );
        }

        if (item.LibraryPath is null)
        {
            return Decision.Reject($"Item {item.Id} has no file in the library.");
        }

        return command switch
        {
            Relocate r
                when r.LibraryPath == item.LibraryPath
                    && r.OutputPath == item.Output?.LibraryPath => Decision.Reject(
                $"Item {item.Id} is already at {r.LibraryPath}."
            ),
            Relocate r when (r.OutputPath is null) != (item.Output is null) => Decision.Reject(
                $"Item {item.Id} {(item.Output is null ? "has no" : "has an")} encoded output."
            ),
            Relocate r => Decision.Accept(
                new Relocated(r.LibraryPath, r.OutputPath, r.Copies, r.By, r.Operation)
            ),
            Remove r => Decision.Accept(new Removed(item.LibraryPath, r.By, r.Operation)),
            _ => throw new ArgumentOutOfRangeException(
                nameof(command),
                command.GetType().Name,
                "Not a library command."
            ),
        };
    }

    private static Item ApplyLibrary(Item item, ItemEvent e) =>
        e switch
        {
            Relocated r => item with
            {
                LibraryPath = r.LibraryPath,
                Output =
                    item.Output is null || r.OutputPath is null
                        ? item.Output
                        : item.Output with
                        {
                            LibraryPath = r.OutputPath,
                        },
                Copies = r.Copies,
            },
            // The name is free again: a later download of the same episode may take it.
            Removed => item with
            {
                State = ItemState.Cancelled,
                Removed = true,
                LibraryPath = null,
                Output = null,
                Copies = [],
                Evicted = [],
                Pinned = false,
            },
            _ => throw new ArgumentOutOfRangeException(
                nameof(e),
                e.GetType().Name,
                "Not a library event."
            ),
        };
}
