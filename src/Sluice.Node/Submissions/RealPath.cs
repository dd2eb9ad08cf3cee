using System.Runtime.InteropServices;

namespace Sluice.Node.Submissions;

/// <summary>
/// The canonical path of an existing file, as the kernel resolves it: every symlink and ".."
/// followed. Deciding whether a submitted path lies inside a root on anything less would let a
/// symlink inside the root point out of it.
/// </summary>
internal static partial class RealPath
{
    [LibraryImport("libc", EntryPoint = "realpath", StringMarshalling = StringMarshalling.Utf8)]
    private static partial IntPtr NativeRealPath(string path, IntPtr resolved);

    [LibraryImport("libc", EntryPoint = "free")]
    private static partial void Free(IntPtr pointer);

    /// <summary>The resolved path, or null when it does not exist (or cannot be resolved).</summary>
    public static string? Of(string path)
    {
        var resolved = NativeRealPath(path, IntPtr.Zero);
        if (resolved == IntPtr.Zero)
        {
            return null;
        }

        try
        {
            return Marshal.PtrToStringUTF8(resolved);
        }
        finally
        {
            Free(resolved);
        }
    }

    /// <summary>The path below <paramref name="root"/> ('/'-separated), or null when it is not strictly inside.</summary>
    public static string? Below(string root, string path) =>
        path.StartsWith(root.TrimEnd('/') + "/", StringComparison.Ordinal)
            ? path[(root.TrimEnd('/').Length + 1)..]
            : null;
}
