using Sluice.Tools.Mounts;

namespace Sluice.Node.Mounts;

public sealed partial class MountsOptionsValidation
{
    private void Union(
        UnionMountOptions union,
        HashSet<string> names,
        List<(string Key, string Path)> points,
        List<string> problems
    )
    {
        const string key = "Mounts:Union";
        Name(key, union.Name, names, problems);
        MountPoint($"{key}:Path", union.Path, points, problems);
        if (union.Branches.Count == 0)
        {
            problems.Add(
                $"{key}:Branches needs at least one branch, e.g. \"/srv/media/Library=RW\"."
            );
        }

        foreach (var text in union.Branches)
        {
            if (!MergerfsBranch.TryParse(text, out var branch))
            {
                problems.Add(
                    $"{key}:Branches: '{text}' is not PATH=MODE with MODE RW, RO or NC (and no ':' in the path)."
                );
            }
            else if (!Path.IsPathFullyQualified(branch.Path))
            {
                problems.Add($"{key}:Branches: '{branch.Path}' must be an absolute path.");
            }
            else if (
                union.Path.Length > 0
                && Path.IsPathFullyQualified(union.Path)
                && (
                    MountPlan.Within(branch.Path, union.Path)
                    || MountPlan.Within(union.Path, branch.Path)
                )
            )
            {
                problems.Add(
                    $"{key}:Branches: '{branch.Path}' and the union's Path '{union.Path}' must not contain each other."
                );
            }
        }

        if (union.Options.Any(option => option.Length == 0 || option.Contains(',')))
        {
            problems.Add($"{key}:Options: one mergerfs option per entry, none empty.");
        }

        Stages(key, union.Stages, problems);
    }

    private void MountPoint(
        string key,
        string path,
        List<(string Key, string Path)> points,
        List<string> problems
    )
    {
        if (!Path.IsPathFullyQualified(path))
        {
            problems.Add($"{key} must be an absolute path (got '{path}').");
            return;
        }

        points.Add((key, path));
        foreach (
            var (what, folder) in new[]
            {
                ("Paths:Data", paths.Data),
                ("Paths:Library", paths.Library),
                ("Paths:Incoming", paths.Incoming),
            }
        )
        {
            if (MountPlan.Within(folder, path) || MountPlan.Within(path, folder))
            {
                problems.Add(
                    $"{key} '{path}' overlaps {what} '{folder}': the node's own folders must stay off its mounts."
                );
            }
        }

        for (var i = 0; i < vault.Value.Destinations.Count; i++)
        {
            var remote = vault.Value.Destinations[i].Remote;
            if (Path.IsPathFullyQualified(remote) && MountPlan.Within(remote, path))
            {
                problems.Add(
                    $"Vault:Destinations:{i}:Remote '{remote}' is inside the mount {key} '{path}': upload to the remote itself, never through a mount."
                );
            }
        }

        // A folder that is already a mount point is a leftover the supervisor clears at start.
        if (Directory.Exists(path) && !MountTable.IsMounted(path))
        {
            try
            {
                if (Directory.EnumerateFileSystemEntries(path).Any())
                {
                    problems.Add(
                        $"{key} '{path}' is not empty: mounting over it would hide its files. Use an empty folder."
                    );
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                problems.Add($"{key} '{path}' cannot be read: {e.Message}");
            }
        }
        else if (File.Exists(path))
        {
            problems.Add($"{key} '{path}' is a file, not a folder.");
        }
    }

    private static void Overlaps(List<(string Key, string Path)> points, List<string> problems)
    {
        for (var i = 0; i < points.Count; i++)
        {
            for (var j = i + 1; j < points.Count; j++)
            {
                if (
                    MountPlan.Within(points[i].Path, points[j].Path)
                    || MountPlan.Within(points[j].Path, points[i].Path)
                )
                {
                    problems.Add(
                        $"{points[i].Key} and {points[j].Key} must not be the same folder or inside each other."
                    );
                }
            }
        }
    }

    /// <summary>What mounting needs on this machine, so a missing piece stops the node at start rather than looping restarts.</summary>
    private void Tools(MountsOptions o, List<string> problems)
    {
        var missing = new List<string>();
        if (!File.Exists("/dev/fuse"))
        {
            missing.Add(
                "/dev/fuse (no FUSE here; in a container pass --device /dev/fuse --cap-add SYS_ADMIN)"
            );
        }

        if (Executables.Find("fusermount3") is null && Executables.Find("fusermount") is null)
        {
            missing.Add("fusermount3 (Debian package fuse3)");
        }

        if (o.Rclone.Count > 0 && Executables.Find(vault.Value.RcloneExecutable) is null)
        {
            missing.Add(
                $"{vault.Value.RcloneExecutable} (Vault:RcloneExecutable; Debian package rclone)"
            );
        }

        if (o.Union is not null && Executables.Find("mergerfs") is null)
        {
            missing.Add("mergerfs (Debian package mergerfs)");
        }

        if (missing.Count > 0)
        {
            problems.Add($"Mounts needs {string.Join(", ", missing)}.");
        }
    }
}
