namespace Sluice.Tools.Processes;

public sealed partial class ProcessRunner
{
    /// <summary>
    /// SIGKILLs every process whose environment holds exactly <c>SLUICE_OWNER=&lt;ownerTag&gt;</c>,
    /// except this process and its ancestors. A node calls it once at start, before running
    /// anything: tools orphaned by a previous instance that was SIGKILLed (whose leases are lost)
    /// must not keep writing temp files. Returns how many processes were signalled.
    /// </summary>
    /// <remarks>
    /// Reads <c>/proc/&lt;pid&gt;/environ</c>, i.e. the environment each process was started with;
    /// only processes of the same user are readable, which are the only ones a node could own.
    /// A pid could in theory be reused between the read and the kill; the window is microseconds.
    /// </remarks>
    public static int KillOrphans(string ownerTag)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(ownerTag);
        return ProcessTags.Kill(OwnerVariable, ownerTag, spareAncestors: true);
    }
}
