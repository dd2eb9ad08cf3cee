using System.Globalization;

namespace Sluice.Tools.Rclone;

/// <summary>
/// Renders each rclone operation to its argument list: pure, so every call can be checked
/// without running rclone.
/// </summary>
/// <remarks>
/// Positional paths come right after the subcommand and are either absolute local paths or
/// <see cref="RemotePath"/> values, neither of which can start with '-'. Every call gets
/// <c>--ask-password=false</c>: stdin is closed, and a prompt for an encrypted config's password
/// must fail at once instead of hanging.
/// </remarks>
public static class RcloneArguments
{
    /// <summary>Upload one file to an exact destination name, reporting stats as JSON on stderr.</summary>
    public static IReadOnlyList<string> CopyTo(
        RcloneOptions options,
        string localFile,
        RemotePath destination,
        PostCopyCheck check = PostCopyCheck.Rclone
    )
    {
        RequireAbsolute(localFile);
        return
        [
            "copyto",
            localFile,
            destination.ToString(),
            "--use-json-log",
            "-v",
            "--stats",
            Seconds(options.StatsInterval),
            .. Check(check),
            .. Global(options),
        ];
    }

    /// <summary>Copy one file between remotes (a replica filled from a primary), stats as JSON on stderr.</summary>
    public static IReadOnlyList<string> CopyBetween(
        RcloneOptions options,
        RemotePath source,
        RemotePath destination,
        PostCopyCheck check = PostCopyCheck.Rclone
    ) =>
        [
            "copyto",
            source.ToString(),
            destination.ToString(),
            "--use-json-log",
            "-v",
            "--stats",
            Seconds(options.StatsInterval),
            .. Check(check),
            .. Global(options),
        ];

    private static string[] Check(PostCopyCheck check) =>
        check == PostCopyCheck.Caller ? ["--ignore-checksum"] : [];

    /// <summary>Rename/move; server-side when the backend can, otherwise copy then delete.</summary>
    public static IReadOnlyList<string> MoveTo(
        RcloneOptions options,
        RemotePath source,
        RemotePath destination
    ) => ["moveto", source.ToString(), destination.ToString(), .. Global(options)];

    public static IReadOnlyList<string> Stat(
        RcloneOptions options,
        RemotePath path,
        IReadOnlyCollection<HashType> hashTypes
    ) =>
        [
            "lsjson",
            path.ToString(),
            "--stat",
            "--no-mimetype",
            .. hashTypes.Count == 0 ? Array.Empty<string>() : ["--hash"],
            .. hashTypes.SelectMany(h => new[] { "--hash-type", h.Name }),
            .. Global(options),
        ];

    /// <summary>One directory level, not recursive.</summary>
    public static IReadOnlyList<string> List(RcloneOptions options, RemotePath directory) =>
        ["lsjson", directory.ToString(), "--no-mimetype", .. Global(options)];

    public static IReadOnlyList<string> DeleteFile(RcloneOptions options, RemotePath path) =>
        ["deletefile", path.ToString(), .. Global(options)];

    public static IReadOnlyList<string> Features(RcloneOptions options, RemotePath remote) =>
        ["backend", "features", remote.ToString(), .. Global(options)];

    /// <summary>
    /// A remote-control daemon on a loopback port the kernel picks. Credentials come from an
    /// htpasswd file (never the command line, which other users can read). Jobs are kept 10
    /// minutes after they end so a slow poller still finds its result.
    /// </summary>
    public static IReadOnlyList<string> Daemon(RcloneOptions options, string htpasswd) =>
        [
            "rcd",
            "--rc-addr",
            "127.0.0.1:0",
            "--rc-htpasswd",
            htpasswd,
            "--rc-job-expire-duration",
            "10m",
            .. Global(options),
        ];

    internal static IEnumerable<string> Global(RcloneOptions options) =>
        [
            .. options.ConfigPath is { } config ? ["--config", config] : Array.Empty<string>(),
            "--ask-password=false",
            .. options.GlobalFlags,
        ];

    private static string Seconds(TimeSpan interval) =>
        interval.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + "s";

    private static void RequireAbsolute(string localFile)
    {
        if (!System.IO.Path.IsPathFullyQualified(localFile))
        {
            throw new ArgumentException(
                $"The local file must be an absolute path, not '{localFile}'.",
                nameof(localFile)
            );
        }
    }
}
