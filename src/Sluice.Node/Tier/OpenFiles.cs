namespace Sluice.Node.Tier;

/// <summary>
/// Whether any process on this machine has a file open (a media server streaming it, a copy
/// in progress), by reading /proc/*/fd. An open file is never evicted.
/// </summary>
public static class OpenFiles
{
    public static bool IsOpen(string path)
    {
        var target = Path.GetFullPath(path);
        foreach (var process in SafeEnumerate("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(process), out _))
            {
                continue;
            }

            foreach (var fd in SafeEnumerate(Path.Combine(process, "fd")))
            {
                try
                {
                    if (new FileInfo(fd).LinkTarget == target)
                    {
                        return true;
                    }
                }
                catch (IOException) { }
                catch (UnauthorizedAccessException) { }
            }
        }

        return false;
    }

    /// <summary>Whether this process may read every process's open files (root, or the capabilities for it).</summary>
    public static bool CanSeeAllProcesses()
    {
        foreach (
            var process in SafeEnumerate("/proc")
                .Where(p => int.TryParse(Path.GetFileName(p), out _))
        )
        {
            try
            {
                _ = Directory
                    .EnumerateFileSystemEntries(Path.Combine(process, "fd"))
                    .Take(1)
                    .ToList();
            }
            catch (UnauthorizedAccessException)
            {
                return false;
            }
            catch (IOException)
            {
                // The process ended meanwhile.
            }
        }

        return true;
    }

    private static List<string> SafeEnumerate(string dir)
    {
        try
        {
            return Directory.EnumerateFileSystemEntries(dir).ToList();
        }
        catch (IOException)
        {
            return [];
        }
        catch (UnauthorizedAccessException)
        {
            return [];
        }
    }
}
