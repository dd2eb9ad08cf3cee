using System.Globalization;
using System.Runtime.InteropServices;

namespace Sluice.Testing;

/// <summary>Looks at processes through /proc, for tests that check what a runner left behind.</summary>
public static partial class LinuxProcesses
{
    public const int SigCont = 18;
    public const int SigStop = 19;

    /// <summary>kill(2) itself, with no process started in between: SIGSTOP lands at once.</summary>
    public static void Signal(int pid, int signal)
    {
        if (Kill(pid, signal) != 0)
        {
            throw new InvalidOperationException(
                $"kill({pid}, {signal}) failed with errno {Marshal.GetLastPInvokeError()}."
            );
        }
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);

    /// <summary>True while the pid exists and is not a zombie (a killed orphan may wait to be reaped).</summary>
    public static bool IsRunning(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var state = stat[stat.LastIndexOf(')') + 2];
            return state is not ('Z' or 'X');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Reads "NAME=value" entries a process was started with.</summary>
    public static IReadOnlyList<string> EnvironmentOf(int pid) =>
        File.ReadAllText($"/proc/{pid}/environ").Split('\0', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Running processes started with exactly this "NAME=value" environment entry.</summary>
    public static IReadOnlyList<int> WithEnvironmentEntry(string entry) =>
        [
            .. Directory
                .EnumerateDirectories("/proc")
                .Select(Path.GetFileName)
                .Where(name => name!.All(char.IsAsciiDigit))
                .Select(name => ParsePid(name!))
                .Where(pid => IsRunning(pid) && EnvironmentOrEmpty(pid).Contains(entry)),
        ];

    private static IReadOnlyList<string> EnvironmentOrEmpty(int pid)
    {
        try
        {
            return EnvironmentOf(pid);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    public static int ParsePid(string text) => int.Parse(text.Trim(), CultureInfo.InvariantCulture);
}
