namespace Sluice.Node.Engine;

/// <summary>
/// Tools started by a node carry its owner tag in their environment. A node killed with
/// SIGKILL cannot stop its children, so the next instance does: an orphaned rclone would
/// otherwise keep writing temp files after the new instance swept them.
/// </summary>
public sealed class OrphanSweeper(string ownerTag, Func<string, int> killTagged)
{
    public string OwnerTag => ownerTag;

    public int KillOrphanedTools() => killTagged(ownerTag);

    /// <summary>True when <paramref name="pid"/> is a live sluice process on this machine.</summary>
    public static bool IsLocalSluiceProcess(int pid)
    {
        try
        {
            var cmdline = File.ReadAllText($"/proc/{pid}/cmdline");
            return cmdline.Contains("sluice", StringComparison.OrdinalIgnoreCase);
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return true;
        }
    }
}
