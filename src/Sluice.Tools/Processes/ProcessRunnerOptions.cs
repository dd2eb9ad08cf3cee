namespace Sluice.Tools.Processes;

public sealed record ProcessRunnerOptions
{
    /// <summary>
    /// Stamped on every child as <c>SLUICE_OWNER=&lt;tag&gt;</c>. Keep it stable across restarts of
    /// one node (e.g. "node:home-1") so the next instance can find what the last one left running
    /// (<see cref="ProcessRunner.KillOrphans"/>), and unique between nodes sharing a machine.
    /// </summary>
    public required string OwnerTag
    {
        get;
        init
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(value);
            if (value.Any(char.IsControl))
            {
                throw new ArgumentException(
                    "An owner tag cannot contain control characters.",
                    nameof(value)
                );
            }

            field = value;
        }
    }

    /// <summary>Lines kept from the end of each stream for results and error messages.</summary>
    public int TailLines { get; init; } = 100;

    /// <summary>Longer lines are cut in the tail (callbacks still get them whole).</summary>
    public int TailLineLength { get; init; } = 2000;

    /// <summary>
    /// After a cancelled tool is dead, how long to wait for its output pipes to close before
    /// abandoning them (a descendant that escaped every kill could hold them open forever).
    /// </summary>
    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromSeconds(5);
}
