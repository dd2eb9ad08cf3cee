namespace Sluice.Tools.Processes;

/// <summary>The tool could not be started at all (not installed, not executable, bad working directory).</summary>
public sealed class ProcessStartException(string commandName, Exception innerException)
    : Exception($"{commandName} could not be started: {innerException.Message}", innerException)
{
    public string CommandName { get; } = commandName;
}
