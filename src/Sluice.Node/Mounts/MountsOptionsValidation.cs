using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using Sluice.Node.Configuration;
using Sluice.Tools.Mounts;

namespace Sluice.Node.Mounts;

/// <summary>
/// Checks Mounts at start, naming the key: names, absolute and distinct mount points that are
/// empty folders (a mount would hide their files), none over the node's own folders, rclone
/// flags that keep the daemon in the foreground, branches mergerfs can read, stages that exist,
/// and no vault destination writing into a mount (uploads go to the remote itself).
/// </summary>
public sealed partial class MountsOptionsValidation(NodePaths paths, IOptions<VaultOptions> vault)
    : IValidateOptions<MountsOptions>
{
    private static readonly string[] CacheModes = ["off", "minimal", "writes", "full"];

    public ValidateOptionsResult Validate(string? name, MountsOptions o)
    {
        var problems = new List<string>();
        if (o.ProbeInterval < TimeSpan.FromSeconds(1))
        {
            problems.Add("Mounts:ProbeInterval must be at least one second.");
        }

        if (o.ProbeTimeout <= TimeSpan.Zero || o.StartTimeout <= TimeSpan.Zero)
        {
            problems.Add("Mounts:ProbeTimeout and Mounts:StartTimeout must be positive.");
        }

        if (o.RestartBackoff <= TimeSpan.Zero || o.RestartBackoffMax < o.RestartBackoff)
        {
            problems.Add(
                "Mounts:RestartBackoff must be positive and Mounts:RestartBackoffMax at least as long."
            );
        }

        var points = new List<(string Key, string Path)>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < o.Rclone.Count; i++)
        {
            var m = o.Rclone[i];
            var key = $"Mounts:Rclone:{i}";
            Name(key, m.Name, names, problems);
            if (!m.Remote.Contains(':', StringComparison.Ordinal))
            {
                problems.Add(
                    $"{key}:Remote must be an rclone remote such as 'gdrive:Media' (got '{m.Remote}'); a local folder needs no mount."
                );
            }

            MountPoint($"{key}:Path", m.Path, points, problems);
            if (!CacheModes.Contains(m.VfsCacheMode))
            {
                problems.Add(
                    $"{key}:VfsCacheMode must be one of {string.Join(", ", CacheModes)} (got '{m.VfsCacheMode}')."
                );
            }

            if (m.CacheDir is { Length: > 0 } cache && !Path.IsPathFullyQualified(cache))
            {
                problems.Add($"{key}:CacheDir must be an absolute path (got '{cache}').");
            }

            foreach (
                var (field, size) in new[]
                {
                    ("VfsCacheMaxSize", m.VfsCacheMaxSize),
                    ("VfsReadChunkSize", m.VfsReadChunkSize),
                    ("VfsReadChunkSizeLimit", m.VfsReadChunkSizeLimit),
                    ("BufferSize", m.BufferSize),
                }
            )
            {
                if (size is { Length: > 0 } && !SizePattern().IsMatch(size))
                {
                    problems.Add(
                        $"{key}:{field} must be a size rclone reads, such as 32M or 50G (got '{size}')."
                    );
                }
            }

            if (
                m.ExtraArgs.Any(a =>
                    a is "--daemon" or "--background"
                    || a.StartsWith("--daemon=", StringComparison.Ordinal)
                )
            )
            {
                problems.Add(
                    $"{key}:ExtraArgs cannot hold --daemon: the node runs rclone mount in the foreground to supervise it."
                );
            }

            Stages(key, m.Stages, problems);
        }

        if (o.Union is { } union)
        {
            Union(union, names, points, problems);
        }

        Overlaps(points, problems);
        return problems.Count == 0
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(problems);
    }

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

    private static void Name(string key, string name, HashSet<string> names, List<string> problems)
    {
        if (!NamePattern().IsMatch(name))
        {
            problems.Add($"{key}:Name must be letters, digits, '-' or '_' (got '{name}').");
        }
        else if (!names.Add(name))
        {
            problems.Add($"{key}:Name '{name}' is used by another mount.");
        }
    }

    private static void Stages(string key, List<string>? stages, List<string> problems)
    {
        foreach (var stage in stages ?? [])
        {
            if (!MountPlan.GateableStages.Contains(stage))
            {
                problems.Add(
                    $"{key}:Stages: no stage '{stage}'; use {string.Join(", ", MountPlan.GateableStages)}."
                );
            }
        }
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

    [GeneratedRegex("^[A-Za-z0-9_-]+$")]
    private static partial Regex NamePattern();

    [GeneratedRegex(@"^[0-9]+(\.[0-9]+)?([bBkKMGTP]i?)?$")]
    private static partial Regex SizePattern();
}
