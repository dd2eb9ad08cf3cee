namespace Sluice.Testing;

/// <summary>
/// A tiny shell-script "tool", for the fault paths a real tool cannot be made to produce on
/// demand (hangs, ignoring SIGINT, dying halfway, printing a quota error).
/// </summary>
public static class FakeExecutable
{
    /// <summary>Writes <c>#!/bin/sh</c> plus <paramref name="script"/> as an executable file and returns its path.</summary>
    public static string Create(string directory, string name, string script)
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException(
                "Fake executables are shell scripts for Linux."
            );
        }

        var path = Path.Combine(directory, name);
        // Written to a temporary name and renamed, so no half-written script is ever executable.
        var staging = path + ".writing";
        File.WriteAllText(staging, "#!/bin/sh\n" + script.ReplaceLineEndings("\n") + "\n");
        File.SetUnixFileMode(
            staging,
            UnixFileMode.UserRead
                | UnixFileMode.UserWrite
                | UnixFileMode.UserExecute
                | UnixFileMode.GroupRead
                | UnixFileMode.GroupExecute
                | UnixFileMode.OtherRead
                | UnixFileMode.OtherExecute
        );
        File.Move(staging, path, overwrite: true);
        return path;
    }
}
