namespace Sluice.Node.Hosting;

/// <summary>
/// How a node was asked to start. Precedence, lowest first: built-in defaults, SLUICE_TOKEN
/// (as Api:Token), the JSON config file, SLUICE_* environment variables (SLUICE_Paths__Data),
/// then these flags.
/// </summary>
public sealed record NodeLaunch
{
    public string? ConfigFile { get; init; }

    public string? DataDirectory { get; init; }

    public string? Listen { get; init; }

    /// <summary>Replaces the configured roles entirely (a list cannot be overridden key by key).</summary>
    public IReadOnlyList<string>? Roles { get; init; }

    /// <summary>The token shared with ctl (SLUICE_TOKEN): the node's Api:Token unless one is configured.</summary>
    public string? SharedToken { get; init; }

    /// <summary>Extra configuration keys (tests, and flags of later verbs).</summary>
    public IReadOnlyDictionary<string, string?> Overrides { get; init; } =
        new Dictionary<string, string?>();
}
