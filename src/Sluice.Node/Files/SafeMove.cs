using System.Runtime.InteropServices;

namespace Sluice.Node.Files;

/// <summary>
/// Moves a file without ever replacing what is at the destination. On one filesystem it is
/// one atomic renameat2(RENAME_NOREPLACE); across filesystems the bytes are copied to a temp
/// name beside the destination, flushed, renamed into place without replacing, and only then
/// is the source deleted. A crash at any point leaves the source or the finished destination,
/// never a half-written file under the final name.
/// </summary>
public static partial class SafeMove
{
    private const int AtFdCwd = -100;
    private const uint RenameNoReplace = 1;
    private const int EEXIST = 17;
    private const int EXDEV = 18;
    private const int EINVAL = 22;
    private const int ENOSYS = 38;
    private const int ENOENT = 2;

    [LibraryImport(
        "libc",
        EntryPoint = "renameat2",
        SetLastError = true,
        StringMarshalling = StringMarshalling.Utf8
    )]
    private static partial int RenameAt2(
        int oldDirFd,
        string oldPath,
        int newDirFd,
        string newPath,
        uint flags
    );

    /// <summary>Moves <paramref name="source"/> to <paramref name="destination"/>, refusing to replace.</summary>
    /// <param name="tempName">A name unique to the caller's attempt, used beside the destination for cross-device copies.</param>
    /// <exception cref="DestinationExistsException">Something is already at the destination.</exception>
    public static void Move(string source, string destination, string tempName)
    {
        switch (TryRename(source, destination))
        {
            case 0:
                return;
            case EEXIST:
                throw new DestinationExistsException(destination);
            case EXDEV:
                CopyThenRename(source, destination, tempName);
                return;
            case EINVAL or ENOSYS:
                // The filesystem cannot rename without replacing (some FUSE mounts): .NET's
                // no-overwrite move checks first; the window is small and documented.
                if (File.Exists(destination))
                {
                    throw new DestinationExistsException(destination);
                }

                File.Move(source, destination, overwrite: false);
                return;
            case ENOENT:
                throw new FileNotFoundException(
                    $"Cannot move '{source}': it does not exist.",
                    source
                );
            case var errno:
                throw new IOException(
                    $"Cannot move '{source}' to '{destination}': {Marshal.GetPInvokeErrorMessage(errno)}."
                );
        }
    }

    private static int TryRename(string source, string destination) =>
        RenameAt2(AtFdCwd, source, AtFdCwd, destination, RenameNoReplace) == 0
            ? 0
            : Marshal.GetLastPInvokeError();

    private static void CopyThenRename(string source, string destination, string tempName)
    {
        var temp = Path.Combine(Path.GetDirectoryName(destination)!, tempName);
        try
        {
            using (
                var input = new FileStream(
                    source,
                    FileMode.Open,
                    FileAccess.Read,
                    FileShare.Read,
                    1 << 20
                )
            )
            using (
                var output = new FileStream(
                    temp,
                    FileMode.CreateNew,
                    FileAccess.Write,
                    FileShare.None,
                    1 << 20
                )
            )
            {
                input.CopyTo(output);
                output.Flush(flushToDisk: true);
            }

            File.SetLastWriteTimeUtc(temp, File.GetLastWriteTimeUtc(source));
            var result = TryRename(temp, destination);
            if (result == EEXIST)
            {
                throw new DestinationExistsException(destination);
            }

            if (result != 0)
            {
                throw new IOException(
                    $"Cannot move '{temp}' to '{destination}': {Marshal.GetPInvokeErrorMessage(result)}."
                );
            }
        }
        finally
        {
            File.Delete(temp);
        }

        File.Delete(source);
    }

    /// <summary>Deletes leftovers of earlier attempts (names starting with <paramref name="prefix"/>) in a folder.</summary>
    public static int SweepTemps(string directory, string prefix)
    {
        if (!Directory.Exists(directory))
        {
            return 0;
        }

        var swept = 0;
        foreach (var leftover in Directory.EnumerateFiles(directory, prefix + "*"))
        {
            File.Delete(leftover);
            swept++;
        }

        return swept;
    }
}

public sealed class DestinationExistsException(string path)
    : IOException($"'{path}' already exists; not replacing it.")
{
    public string Path => path;
}
