using System.Globalization;
using Sluice.Domain.Items;
using Sluice.Domain.Naming;
using Sluice.Tools.Rclone;

namespace Sluice.Node.Library;

public sealed partial class LibraryPlanner
{
    /// <summary>
    /// Moves a show to another top folder (Shows/X → Premiered/X), optionally with its
    /// native-language title appended ("Premiered/X (ネイティブ)"); later episodes follow it.
    /// </summary>
    public async Task<LibraryPlan> MoveShowAsync(
        string show,
        string toTop,
        bool nativeTitle,
        string? title,
        CancellationToken ct
    )
    {
        var folder = Folder(show);
        var top = TopFolder(toTop);
        var items = await ItemsAtRestAsync(folder, ct);
        var name = folder[(folder.LastIndexOf('/') + 1)..];
        var native = title?.Trim();
        if (nativeTitle && string.IsNullOrEmpty(native))
        {
            native =
                items
                    .Select(i => i.Media?.Details?.NativeTitle)
                    .FirstOrDefault(t => !string.IsNullOrWhiteSpace(t))
                ?? throw new LibraryPlanException(
                    $"No native title is known for {folder} (no AniList match was stored for its items); give one with --title."
                );
        }

        var target = Folder(
            string.IsNullOrEmpty(native)
                ? $"{top}/{name}"
                : $"{top}/{name} ({PathSegment.Sanitize(native)})"
        );
        if (target == folder)
        {
            throw new LibraryPlanException($"{folder} is already there.");
        }

        if (target.StartsWith(folder + "/", StringComparison.Ordinal))
        {
            throw new LibraryPlanException($"{folder} cannot move into itself ({target}).");
        }

        var moves = items
            .SelectMany(i => i.Artifacts.Select(a => (Item: i, Artifact: a, Path: i.PathOf(a))))
            .Where(m => m.Path is not null && Rebase(m.Path, folder, target) != m.Path)
            .Select(m => new ArtifactMove(
                m.Item,
                m.Artifact,
                m.Path!,
                Rebase(m.Path!, folder, target)
            ))
            .ToList();
        var steps = await RelocationStepsAsync(moves, ct);
        steps.AddRange(
            VacatedFolderSteps(
                folder,
                moves.Select(m => m.From),
                items.SelectMany(i => i.Copies.Select(c => c.Destination))
            )
        );
        steps.Add(new Redirect(folder, target));
        return Plan(
            "move",
            folder,
            $"move {folder} to {target} ({items.Count} item(s))",
            steps,
            LeftAlone(folder, items)
        );
    }

    /// <summary>Moves the show's loose episodes (directly in its folder) into "Season NN/".</summary>
    public async Task<LibraryPlan> SeasonAsync(string show, int? season, CancellationToken ct)
    {
        var folder = Folder(show);
        if (season is < 0 or > 999)
        {
            throw new LibraryPlanException($"Season {season} is out of range (0-999).");
        }

        var items = await ItemsAtRestAsync(folder, ct);
        var moves = new List<ArtifactMove>();
        var notes = LeftAlone(folder, items);
        foreach (var item in items.Where(i => ParentOf(i.LibraryPath!) == folder))
        {
            var number = season ?? item.Media?.Season ?? 1;
            var into = $"Season {number.ToString("00", CultureInfo.InvariantCulture)}";
            moves.Add(
                new ArtifactMove(
                    item,
                    Artifact.Source,
                    item.LibraryPath!,
                    $"{folder}/{into}/{Path.GetFileName(item.LibraryPath)}"
                )
            );
            if (item.Output is { } output)
            {
                var dir = ParentOf(output.LibraryPath);
                if (dir.EndsWith("/" + folder, StringComparison.Ordinal))
                {
                    moves.Add(
                        new ArtifactMove(
                            item,
                            Artifact.Encoded,
                            output.LibraryPath,
                            $"{dir}/{into}/{Path.GetFileName(output.LibraryPath)}"
                        )
                    );
                }
            }
        }

        var steps = await RelocationStepsAsync(moves, ct);
        return Plan(
            "season",
            folder,
            $"sort {moves.Count(m => m.Artifact == Artifact.Source)} loose episode(s) of {folder} into season folders",
            steps,
            notes
        );
    }

    /// <summary>
    /// Runs the clean rename again over the show's files: each name through the release parser
    /// and the naming templates, kept inside the show's folder (wherever it has moved to).
    /// </summary>
    public async Task<LibraryPlan> RenameAsync(string show, CancellationToken ct)
    {
        var folder = Folder(show);
        var items = await ItemsAtRestAsync(folder, ct);
        var notes = LeftAlone(folder, items);
        var moves = new List<ArtifactMove>();
        var showName = folder[(folder.LastIndexOf('/') + 1)..];
        foreach (var item in items)
        {
            var current = item.LibraryPath!;
            var file = Path.GetFileName(current);
            var rendered = templates.Render(ReleaseParser.Parse($"{showName}/{file}"), file);
            if (rendered.Category != LibraryPath.Shows || rendered.Segments.Count < 3)
            {
                notes = notes.Add($"{current}: not recognised as an episode; left as it is");
                continue;
            }

            var clean = $"{folder}/{string.Join('/', rendered.Segments.Skip(2))}";
            if (clean == current)
            {
                continue;
            }

            moves.Add(new ArtifactMove(item, Artifact.Source, current, clean));
            if (item.Output is { } output)
            {
                var (oldStem, newStem) = (Stem(current), Stem(clean));
                var at = output.LibraryPath.IndexOf(oldStem, StringComparison.Ordinal);
                if (at >= 0)
                {
                    moves.Add(
                        new ArtifactMove(
                            item,
                            Artifact.Encoded,
                            output.LibraryPath,
                            output.LibraryPath[..at]
                                + newStem
                                + output.LibraryPath[(at + oldStem.Length)..]
                        )
                    );
                }
            }
        }

        var steps = await RelocationStepsAsync(moves, ct);
        steps.AddRange(
            VacatedFolderSteps(
                    folder,
                    moves.Where(m => ParentOf(m.From) != ParentOf(m.To)).Select(m => m.From),
                    moves.SelectMany(m => m.Item.Copies.Select(c => c.Destination))
                )
                .Where(s => s is not RemoveDirLocal { Path: var p } || p != folder)
                .Where(s => s is not RemoveDirRemote { Path: var p } || p != folder)
        );
        return Plan(
            "rename",
            folder,
            $"rename {moves.Count(m => m.Artifact == Artifact.Source)} file(s) of {folder} to clean names",
            steps,
            notes
        );
    }

    private static string Stem(string path) => Path.ChangeExtension(path, null);

    /// <summary>Deletes the show's own files locally and on every destination, and marks its items removed.</summary>
    public async Task<LibraryPlan> DeleteShowAsync(string show, CancellationToken ct)
    {
        var folder = Folder(show);
        if (!folder.Contains('/'))
        {
            throw new LibraryPlanException($"{folder} is a top folder, not a show.");
        }

        var items = await ItemsAtRestAsync(folder, ct);
        if (items.Count == 0)
        {
            throw new LibraryPlanException(
                $"No item of Sluice's is under {folder}.",
                notFound: true
            );
        }

        var steps = new List<LibraryStep>();
        foreach (var item in items)
        {
            foreach (var copy in item.Copies)
            {
                _ = DestinationOf(copy);
                steps.Add(
                    new DeleteRemote(copy.Destination, item.PathOf(copy.Artifact)!, copy.Size)
                );
            }

            foreach (var artifact in item.Artifacts.Where(a => !item.Evicted.Contains(a)))
            {
                steps.Add(
                    new DeleteLocal(
                        item.PathOf(artifact)!,
                        SizeOf(item, artifact),
                        artifact == Artifact.Source ? item.SourceKey : null
                    )
                );
            }

            steps.Add(new JournalRemove(item.Id, item.LibraryPath!));
        }

        steps.AddRange(
            VacatedFolderSteps(
                folder,
                items.SelectMany(FilesOf),
                items.SelectMany(i => i.Copies.Select(c => c.Destination))
            )
        );
        return Plan(
            "delete",
            folder,
            $"delete {folder}: {items.Count} item(s), locally and on every destination",
            steps,
            LeftAlone(folder, items)
        );
    }

    /// <summary>Removes empty folders under <paramref name="scope"/> (the whole library when empty), locally and on every destination.</summary>
    public async Task<LibraryPlan> RemoveEmptyFoldersAsync(string? scope, CancellationToken ct)
    {
        RequireLibrary();
        var folder = Folder(scope, allowRoot: true);
        var steps = new List<LibraryStep>();
        var root = Local(folder);
        if (Directory.Exists(root))
        {
            steps.AddRange(EmptyLocal(root, folder).Select(d => new RemoveDirLocal(d)));
        }

        foreach (var destination in destinations.All)
        {
            var start = folder.Length == 0 ? destination.Root : destination.Root.Combine(folder);
            var empty = new List<string>();
            await EmptyRemoteAsync(start, folder, empty, ct);
            steps.AddRange(empty.Select(d => new RemoveDirRemote(destination.Name, d)));
        }

        return Plan(
            "rmdir",
            folder.Length == 0 ? "/" : folder,
            $"remove empty folders under {(folder.Length == 0 ? "the library" : folder)}",
            steps,
            []
        );
    }

    /// <summary>Folders whose whole subtree holds no file, deepest first; the scope itself only when it is a show's folder.</summary>
    private static List<string> EmptyLocal(string path, string relative)
    {
        var result = new List<string>();
        var hasFile = Directory.EnumerateFiles(path).Any();
        var allEmpty = !hasFile;
        foreach (var dir in Directory.EnumerateDirectories(path).Order(StringComparer.Ordinal))
        {
            var child =
                relative.Length == 0
                    ? Path.GetFileName(dir)
                    : $"{relative}/{Path.GetFileName(dir)}";
            var inner = EmptyLocal(dir, child);
            result.AddRange(inner.Where(d => d != child));
            if (inner.Contains(child))
            {
                result.Add(child);
            }
            else
            {
                allEmpty = false;
            }
        }

        if (allEmpty && relative.Contains('/'))
        {
            result.Add(relative);
        }

        return result;
    }

    private async Task<bool> EmptyRemoteAsync(
        RemotePath path,
        string relative,
        List<string> empty,
        CancellationToken ct
    )
    {
        var entries = await rclone.ListAsync(path, ct);
        var allEmpty = !entries.Any(e => !e.IsDir);
        foreach (
            var dir in entries.Where(e => e.IsDir).OrderBy(e => e.Name, StringComparer.Ordinal)
        )
        {
            var child = relative.Length == 0 ? dir.Name : $"{relative}/{dir.Name}";
            if (!await EmptyRemoteAsync(path.Combine(dir.Name), child, empty, ct))
            {
                allEmpty = false;
            }
        }

        if (allEmpty && relative.Contains('/'))
        {
            empty.Add(relative);
        }

        return allEmpty;
    }

    /// <summary>Files in the show's folder that no item owns: Sluice never touches them.</summary>
    private System.Collections.Immutable.ImmutableArray<string> LeftAlone(
        string folder,
        IReadOnlyList<Item> items
    )
    {
        var root = Local(folder);
        if (!Directory.Exists(root))
        {
            return [];
        }

        var owned = items.SelectMany(FilesOf).ToHashSet(StringComparer.Ordinal);
        return
        [
            .. Directory
                .EnumerateFiles(root, "*", SearchOption.AllDirectories)
                .Select(f => Path.GetRelativePath(paths.Library, f).Replace('\\', '/'))
                .Where(f => !owned.Contains(f))
                .Order(StringComparer.Ordinal)
                .Select(f => $"{f}: not a file of Sluice's; left alone"),
        ];
    }
}
