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
        if (items.Count == 0)
        {
            throw new LibraryPlanException(
                $"No item of Sluice's is under {folder}: nothing to move.",
                notFound: true
            );
        }

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
}
