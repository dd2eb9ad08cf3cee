namespace Sluice.Tools.Mounts;

/// <summary>One mergerfs branch: a folder and what the union may do with it (RW, RO or NC).</summary>
public sealed record MergerfsBranch(string Path, string Mode)
{
    public static readonly IReadOnlyList<string> Modes = ["RW", "RO", "NC"];

    /// <summary>"/srv/media/Library=RW"; a branch without a mode is RW, as mergerfs reads it.</summary>
    public static bool TryParse(string text, out MergerfsBranch branch)
    {
        var at = text.LastIndexOf('=');
        var (path, mode) = at < 0 ? (text, "RW") : (text[..at], text[(at + 1)..]);
        branch = new MergerfsBranch(path, mode);
        return path.Length > 0
            && !path.Contains(':', StringComparison.Ordinal)
            && Modes.Contains(mode);
    }

    public override string ToString() => $"{Path}={Mode}";
}

/// <summary>
/// mergerfs over its branches, in the foreground (<c>-f</c>) so its supervisor owns the pid.
/// The default options are deploy/home/mergerfs-media.service's (deploy/UNION.md says why each).
/// </summary>
public sealed record MergerfsCommand(IReadOnlyList<MergerfsBranch> Branches, string MountPoint)
{
    public static readonly IReadOnlyList<string> DefaultOptions =
    [
        "allow_other",
        "use_ino",
        "cache.files=partial",
        "dropcacheonclose=true",
        "category.create=ff",
        "statfs_ignore=ro",
        "xattr=nosys",
    ];

    public IReadOnlyList<string> Options
    {
        get;
        init => field = [.. value];
    } = DefaultOptions;

    /// <summary>The name in <c>mount</c> and <c>df</c>.</summary>
    public string? FsName { get; init; }

    public IReadOnlyList<string> ToArguments()
    {
        var options = FsName is { Length: > 0 } name ? [.. Options, $"fsname={name}"] : Options;
        return
        [
            "-f",
            .. options.Count > 0 ? (string[])["-o", string.Join(',', options)] : [],
            string.Join(':', Branches.Select(b => b.ToString())),
            MountPoint,
        ];
    }
}
