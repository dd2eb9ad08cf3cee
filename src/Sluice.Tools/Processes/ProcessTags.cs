using System.Globalization;
using System.Text;

namespace Sluice.Tools.Processes;

/// <summary>Finds processes by an exact <c>NAME=value</c> entry in their start-up environment (Linux /proc).</summary>
internal static class ProcessTags
{
    public static int Kill(string variable, string value, bool spareAncestors)
    {
        var spared = spareAncestors ? Ancestors() : [Environment.ProcessId];
        var killed = 0;
        foreach (var pid in Find(variable, value).Where(p => !spared.Contains(p)))
        {
            if (Posix.TrySignal(pid, Posix.SigKill))
            {
                killed++;
            }
        }

        return killed;
    }

    public static IEnumerable<int> Find(string variable, string value)
    {
        var needle = Encoding.UTF8.GetBytes($"{variable}={value}");
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (
                !int.TryParse(
                    Path.GetFileName(directory),
                    CultureInfo.InvariantCulture,
                    out var pid
                )
            )
            {
                continue;
            }

            byte[] environment;
            try
            {
                environment = File.ReadAllBytes(Path.Combine(directory, "environ"));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue; // Exited meanwhile, or another user's process.
            }

            if (HasEntry(environment, needle))
            {
                yield return pid;
            }
        }
    }

    // Entries are NUL-separated; only a whole entry matches, so tag "a" never matches "a-b".
    private static bool HasEntry(ReadOnlySpan<byte> environment, ReadOnlySpan<byte> entry)
    {
        foreach (var range in environment.Split((byte)0))
        {
            if (environment[range].SequenceEqual(entry))
            {
                return true;
            }
        }

        return false;
    }

    private static HashSet<int> Ancestors()
    {
        var pids = new HashSet<int>();
        for (var pid = Environment.ProcessId; pid > 1 && pids.Add(pid); pid = ParentOf(pid)) { }
        return pids;
    }

    private static int ParentOf(int pid)
    {
        try
        {
            // "pid (comm) state ppid …": comm may hold spaces and parentheses, so parse after the last ')'.
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return int.Parse(fields[1], CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or FormatException or IndexOutOfRangeException)
        {
            return 0;
        }
    }
}
