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
        foreach (var (key, cache) in CacheDirs(o))
        {
            if (points.FirstOrDefault(p => MountPlan.Within(cache, p.Path)) is { Key: { } point })
            {
                problems.Add(
                    $"{key}:CacheDir '{cache}' is inside the mount {point}: keep rclone's cache on a local disk."
                );
            }
        }

        if (o.Any)
        {
            Tools(o, problems);
        }
        return problems.Count == 0
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(problems);
    }

    private static IEnumerable<(string Key, string Path)> CacheDirs(MountsOptions o) =>
        o
            .Rclone.Select((m, i) => ($"Mounts:Rclone:{i}", m.CacheDir))
            .Where(c => c.CacheDir is { Length: > 0 } && Path.IsPathFullyQualified(c.CacheDir))
            .Select(c => (c.Item1, c.CacheDir!));

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

    [GeneratedRegex("^[A-Za-z0-9_-]+$")]
    private static partial Regex NamePattern();

    [GeneratedRegex(@"^[0-9]+(\.[0-9]+)?([bBkKMGTP]i?)?$")]
    private static partial Regex SizePattern();
}
