namespace Sluice.Tools.Mounts;

/// <summary>
/// Whether a FUSE mount answers: the mount table shows the expected filesystem at the path, and
/// listing the mount point returns within a timeout. A daemon that died leaves its mount in the
/// table answering "Transport endpoint is not connected"; one that hangs never answers, so the
/// listing runs on a pool thread that the probe abandons after the timeout.
/// </summary>
public static class MountProbe
{
    /// <summary>Null when healthy, else why not.</summary>
    public static async Task<string?> ProblemAsync(
        string path,
        string fileSystemType,
        TimeSpan timeout,
        TimeProvider time,
        CancellationToken ct
    )
    {
        var type = MountTable.TypeAt(path);
        if (type != fileSystemType)
        {
            return type is null
                ? $"nothing is mounted at {path}"
                : $"{path} holds a {type} mount, not {fileSystemType}";
        }

        var listing = Task.Run(
            () => Directory.EnumerateFileSystemEntries(path).Take(1).Count(),
            ct
        );
        try
        {
            await listing.WaitAsync(timeout, time, ct);
            return null;
        }
        catch (TimeoutException)
        {
            return $"listing {path} did not answer within {timeout.TotalSeconds:0.#} s";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"listing {path} failed: {e.Message}";
        }
    }
}
