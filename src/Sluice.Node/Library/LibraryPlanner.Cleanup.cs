using System.Globalization;
using Sluice.Domain.Items;
using Sluice.Domain.Naming;
using Sluice.Tools.Rclone;

namespace Sluice.Node.Library;

/// <summary>The tools that delete: a show, and empty folders.</summary>
public sealed partial class LibraryPlanner
{
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
