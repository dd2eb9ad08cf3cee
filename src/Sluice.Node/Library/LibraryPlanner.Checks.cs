using Sluice.Domain.Items;
using Sluice.Tools.Rclone;

namespace Sluice.Node.Library;

/// <summary>What stops a plan before anything changes, and the folders it leaves empty.</summary>
public sealed partial class LibraryPlanner
{
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
}
