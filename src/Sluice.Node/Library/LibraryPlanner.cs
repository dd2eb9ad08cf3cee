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

    /// <summary>Never overwrite: a target taken locally, by another item, or on a destination stops the plan.</summary>
    private async Task CheckCollisionsAsync(IReadOnlyList<ArtifactMove> moves, CancellationToken ct)
    {
        var sources = moves.Select(m => m.From).ToHashSet(StringComparer.Ordinal);
        var problems = new List<string>();
        foreach (var twice in moves.GroupBy(m => m.To).Where(g => g.Count() > 1))
        {
            problems.Add(
                $"{twice.Count()} files would all become {twice.Key} ({string.Join(", ", twice.Select(m => m.From))})"
            );
        }

        var ids = moves.Select(m => m.Item.Id).ToHashSet();
        var listings = new Dictionary<(string, string), IReadOnlyList<RemoteEntry>>();
        foreach (
            var move in moves.Where(m =>
                !m.Item.Evicted.Contains(m.Artifact) && !File.Exists(Local(m.From))
            )
        )
        {
            problems.Add(
                $"{move.From} is missing from the library though item {move.Item.Id.ToString()[..8]} says it is there"
            );
        }

        foreach (var move in moves.Where(m => !sources.Contains(m.To)))
        {
            if (File.Exists(Local(move.To)) || Directory.Exists(Local(move.To)))
            {
                problems.Add($"{move.To} already exists in the library");
            }
            else if (
                move.Artifact == Artifact.Source
                && await store.LibraryPathOwnerAsync(move.To, ct) is { } owner
                && !ids.Contains(owner)
            )
            {
                problems.Add($"{move.To} belongs to item {owner.ToString()[..8]}");
            }

            foreach (var copy in move.Item.Copies.Where(c => c.Artifact == move.Artifact))
            {
                var destination = DestinationOf(copy);
                var folder = ParentOf(move.To);
                if (!listings.TryGetValue((copy.Destination, folder), out var listing))
                {
                    listing = await rclone.ListAsync(
                        folder.Length == 0 ? destination.Root : destination.Root.Combine(folder),
                        ct
                    );
                    listings[(copy.Destination, folder)] = listing;
                }

                var name = move.To[(move.To.LastIndexOf('/') + 1)..];
                if (listing.Any(e => e.Name == name))
                {
                    problems.Add($"{move.To} already exists on {copy.Destination}");
                }
            }
        }

        if (problems.Count > 0)
        {
            throw new LibraryPlanException(
                "Stopped, nothing changed (Sluice never overwrites or guesses): "
                    + string.Join("; ", problems)
                    + "."
            );
        }
    }

    private static string ParentOf(string path)
    {
        var slash = path.LastIndexOf('/');
        return slash < 0 ? "" : path[..slash];
    }

    /// <summary>
    /// The folders the plan empties (each moved or deleted file's folders up to and including the
    /// show's), deepest first, removed locally and on every destination if nothing else is in them.
    /// Top-level folders (Shows, Movies…) stay.
    /// </summary>
    private static List<LibraryStep> VacatedFolderSteps(
        string folder,
        IEnumerable<string> files,
        IEnumerable<string> remoteDestinations
    )
    {
        var vacated = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            for (var dir = ParentOf(file); dir.Contains('/'); dir = ParentOf(dir))
            {
                if (!WithinShow(dir, folder))
                {
                    break;
                }

                vacated.Add(dir);
            }
        }

        var ordered = vacated
            .OrderByDescending(d => d.Count(c => c == '/'))
            .ThenBy(d => d, StringComparer.Ordinal)
            .ToList();
        var steps = new List<LibraryStep>();
        steps.AddRange(ordered.Select(d => new RemoveDirLocal(d)));
        foreach (var destination in remoteDestinations.Distinct().Order(StringComparer.Ordinal))
        {
            steps.AddRange(ordered.Select(d => new RemoveDirRemote(destination, d)));
        }

        return steps;
    }

    /// <summary>The show's folder or one inside it; for encoded outputs, the same folder under the output folder.</summary>
    private static bool WithinShow(string dir, string folder) =>
        dir == folder
        || dir.StartsWith(folder + "/", StringComparison.Ordinal)
        || dir.EndsWith("/" + folder, StringComparison.Ordinal)
        || dir.Contains("/" + folder + "/", StringComparison.Ordinal);

    /// <summary>Moves a path from one show folder to another: the folder itself, or the same folder under the encode output folder.</summary>
    private static string Rebase(string path, string from, string to)
    {
        if (path.StartsWith(from + "/", StringComparison.Ordinal))
        {
            return to + path[from.Length..];
        }

        var at = path.IndexOf("/" + from + "/", StringComparison.Ordinal);
        return at < 0 ? path : path[..(at + 1)] + to + path[(at + 1 + from.Length)..];
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
