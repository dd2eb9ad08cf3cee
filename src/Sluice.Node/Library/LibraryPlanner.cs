using System.Collections.Immutable;
using Sluice.Domain.Items;
using Sluice.Domain.Naming;
using Sluice.Node.Configuration;
using Sluice.Node.Vault;
using Sluice.Store;
using Sluice.Tools.Rclone;

namespace Sluice.Node.Library;

/// <summary>
/// Turns a tool and a folder into a plan: the steps for the local library, every vault
/// destination and the items' journals. Reads only; nothing changes until the plan is applied.
/// Refuses (a <see cref="LibraryPlanException"/>) when an item under the folder is still in the
/// pipeline, or when a target is taken (locally, by another item, or on a destination).
/// </summary>
public sealed partial class LibraryPlanner(
    EngineStore store,
    NodePaths paths,
    VaultDestinations destinations,
    RcloneClient rclone,
    NamingTemplates templates,
    Engine.NodeState node
)
{
    /// <summary>A file move an item needs: one artifact from one path to another.</summary>
    private sealed record ArtifactMove(Item Item, Artifact Artifact, string From, string To);

    private string Local(string relative) => Path.Combine(paths.Library, relative);

    private static string Folder(string? folder, bool allowRoot = false)
    {
        var trimmed = (folder ?? "").Trim().Trim('/');
        if (allowRoot && !trimmed.Contains('/'))
        {
            return trimmed.Length == 0 ? "" : TopFolder(trimmed);
        }

        return LibraryPath.TryParseMoved(trimmed, out var path)
            ? path.Value
            : throw new LibraryPlanException(
                $"'{folder}' is not a folder of the library (relative, like Shows/Title)."
            );
    }

    /// <summary>A top folder of the library (Premiered): one safe name.</summary>
    private static string TopFolder(string top)
    {
        var trimmed = top.Trim().Trim('/');
        return PathSegment.IsSafe(trimmed) && trimmed is not ("." or "..") && !trimmed.Contains('/')
            ? trimmed
            : throw new LibraryPlanException(
                $"'{top}' is not a top folder of the library (one name, like Premiered)."
            );
    }

    /// <summary>
    /// A plan is made from this node's library folder and carried out here: only a node with
    /// the sanitize role holds a library.
    /// </summary>
    private void RequireLibrary()
    {
        if (!node.Has(LibraryWorker.Role))
        {
            throw new LibraryPlanException(
                $"Node {node.Name} holds no library (it has no {LibraryWorker.Role} role); run the tool against the node that does (--node)."
            );
        }
    }

    /// <summary>The items under the folder; refuses when any is still being worked on.</summary>
    private async Task<IReadOnlyList<Item>> ItemsAtRestAsync(string folder, CancellationToken ct)
    {
        RequireLibrary();
        var items = await store.ItemsUnderAsync(folder, ct);
        var elsewhere = items.Where(i => i.Holder is { } h && h != node.Name).ToList();
        if (elsewhere.Count > 0)
        {
            throw new LibraryPlanException(
                $"The files of {folder} are on node {elsewhere[0].Holder}, not on {node.Name}: run the tool against that node (--node)."
            );
        }

        var busy = items
            .Where(i => i.State is not (ItemState.Notified or ItemState.Cancelled))
            .ToList();
        if (busy.Count > 0)
        {
            throw new LibraryPlanException(
                $"{busy.Count} item(s) under {folder} are still in the pipeline: "
                    + string.Join(
                        ", ",
                        busy.Select(i => $"{i.Id.ToString()[..8]} {i.Name} ({Names.Of(i.State)})")
                    )
                    + ". Wait until they are done (a failed one: retry, skip or cancel it with ctl item), then plan again."
            );
        }

        return items;
    }

    private VaultDestination DestinationOf(VaultCopy copy) =>
        destinations.Named(copy.Destination)
        ?? throw new LibraryPlanException(
            $"The vault destination {copy.Destination} holding {copy.RemotePath} is not configured on this node: it cannot be changed from here."
        );

    private static long SizeOf(Item item, Artifact artifact) =>
        artifact == Artifact.Source ? item.Size : item.Output?.Size ?? 0;

    /// <summary>
    /// The steps that move each item's files to their new paths (locally unless evicted, on
    /// every destination holding a copy) and then record the new paths in its journal.
    /// </summary>
    private async Task<List<LibraryStep>> RelocationStepsAsync(
        IReadOnlyList<ArtifactMove> moves,
        CancellationToken ct
    )
    {
        await CheckCollisionsAsync(moves, ct);
        var steps = new List<LibraryStep>();
        foreach (var group in moves.GroupBy(m => m.Item.Id))
        {
            var item = group.First().Item;
            var copies = item.Copies;
            foreach (var move in group)
            {
                if (!item.Evicted.Contains(move.Artifact))
                {
                    steps.Add(new MoveLocal(move.From, move.To, SizeOf(item, move.Artifact)));
                }

                foreach (var copy in item.Copies.Where(c => c.Artifact == move.Artifact))
                {
                    var destination = DestinationOf(copy);
                    steps.Add(
                        new MoveRemote(
                            copy.Destination,
                            move.From,
                            move.To,
                            copy.Size,
                            copy.Verification
                        )
                    );
                    copies = copies.Replace(
                        copy,
                        copy with
                        {
                            RemotePath = destination.Root.Combine(move.To).Redacted,
                        }
                    );
                }
            }

            string PathAfter(Artifact artifact) =>
                group.FirstOrDefault(m => m.Artifact == artifact)?.To ?? item.PathOf(artifact)!;
            steps.Add(
                new JournalRelocate(
                    item.Id,
                    PathAfter(Artifact.Source),
                    item.Output is null ? null : PathAfter(Artifact.Encoded),
                    copies
                )
            );
        }

        return steps;
    }

    private static IEnumerable<string> FilesOf(Item item) =>
        item.Artifacts.Select(item.PathOf).OfType<string>();

    private static LibraryPlan Plan(
        string tool,
        string folder,
        string summary,
        IEnumerable<LibraryStep> steps,
        IEnumerable<string> notes
    ) => new(tool, folder, summary, [.. steps], [.. notes]);
}
