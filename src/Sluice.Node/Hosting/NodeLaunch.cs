namespace Sluice.Node.Hosting;

/// <summary>
/// How a node was asked to start. Precedence, lowest first: built-in defaults, the JSON
/// config file, SLUICE_* environment variables (SLUICE_Paths__Data), then these flags.
/// </summary>
public sealed record NodeLaunch
{
    public string? ConfigFile { get; init; }

    public string? DataDirectory { get; init; }

    public string? Listen { get; init; }

    /// <summary>Replaces the configured roles entirely (a list cannot be overridden key by key).</summary>
    public IReadOnlyList<string>? Roles { get; init; }

    /// <summary>Extra configuration keys (tests, and flags of later verbs).</summary>
    public IReadOnlyDictionary<string, string?> Overrides { get; init; } =
        new Dictionary<string, string?>();
}
