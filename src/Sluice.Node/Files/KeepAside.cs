namespace Sluice.Node.Files;

/// <summary>
/// Moves a file the pipeline will not use into a folder kept for the user (duplicates), under
/// its path relative to where it came from, never replacing anything there: " (2)", " (3)"…
/// </summary>
public static class KeepAside
{
    /// <returns>Where the file now is.</returns>
    /// <exception cref="FileNotFoundException">The file is gone.</exception>
    public static string Move(string path, string relativeTo, string folder)
    {
        var relative = Path.GetRelativePath(relativeTo, path);
        var target = Path.Combine(
            folder,
            relative.StartsWith("..", StringComparison.Ordinal) ? Path.GetFileName(path) : relative
        );
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        for (var n = 1; ; n++)
        {
            var candidate = n == 1 ? target : WithSuffix(target, n);
            try
            {
                SafeMove.Move(path, candidate, $".sluice-tmp-aside-{Guid.NewGuid():N}");
                return candidate;
            }
            catch (DestinationExistsException) when (n < 1000) { }
        }
    }

    private static string WithSuffix(string path, int n) =>
        Path.Combine(
            Path.GetDirectoryName(path)!,
            $"{Path.GetFileNameWithoutExtension(path)} ({n}){Path.GetExtension(path)}"
        );
}
