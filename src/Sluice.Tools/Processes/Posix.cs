using System.Runtime.InteropServices;

namespace Sluice.Tools.Processes;

/// <summary>The one libc call .NET lacks: sending a signal other than SIGKILL.</summary>
internal static partial class Posix
{
    public const int SigInt = 2;
    public const int SigKill = 9;

    /// <summary>False when the process is gone (ESRCH) or not ours (EPERM); both mean "nothing to stop".</summary>
    public static bool TrySignal(int pid, int signal) => Kill(pid, signal) == 0;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
