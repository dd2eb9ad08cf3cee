namespace Sluice.Node.Configuration;

/// <summary>
/// Where a node keeps its files. Every path left empty is derived from <see cref="Data"/>, so
/// `./sluice run` needs no configuration at all.
/// </summary>
public sealed class PathsOptions
{
    public const string Section = "Paths";

    public string Data { get; set; } = "data";

    public string? Incoming { get; set; }

    public string? Library { get; set; }

    public string? Work { get; set; }

    public string? Duplicates { get; set; }

    /// <summary>The SQLite database. Never on a FUSE, network or union mount.</summary>
    public string? Database { get; set; }
}

public sealed class NodeOptions
{
    public const string Section = "Node";

    /// <summary>This node's name in the registry and on every lease; the host name by default.</summary>
    public string Name { get; set; } = Environment.MachineName.ToLowerInvariant();

    /// <summary>What this node does: ingest, sanitize, vault, tier, encode, notify, distribute. Empty means all.</summary>
    public List<string> Roles { get; set; } = [];

    public IReadOnlyList<string> EffectiveRoles =>
        Roles.Count == 0 ? Domain.Items.Roles.All : Roles;
}

/// <summary>Which database is the engine: SQLite in the data folder, or a shared PostgreSQL for a cluster.</summary>
public sealed class StoreOptions
{
    public const string Section = "Store";

    /// <summary>A PostgreSQL connection string; empty means the embedded SQLite database. Prefer SLUICE_Store__Postgres.</summary>
    public string? Postgres { get; set; }

    /// <summary>Finished job rows older than this are pruned (the journal keeps the history).</summary>
    public TimeSpan JobRetention { get; set; } = TimeSpan.FromDays(7);
}

public sealed class ApiOptions
{
    public const string Section = "Api";

    /// <summary>HOST:PORT the HTTP API listens on. Loopback by default.</summary>
    public string Listen { get; set; } = "127.0.0.1:5480";

    /// <summary>Bearer token for the API; required when listening beyond loopback. Prefer SLUICE_TOKEN (shared with ctl) or SLUICE_Api__Token.</summary>
    public string? Token { get; set; }
}

public sealed class EngineOptions
{
    public const string Section = "Engine";

    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often idle workers look for due jobs (wake-ups in-process make this a fallback).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often expired leases are looked for and handed back.</summary>
    public TimeSpan RescueInterval { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan RetryBackoffBase { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan RetryBackoffMax { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// A node silent this long is given up on: work waiting for it that can run elsewhere
    /// (an encode, or an encoded output it never vaulted, which is encoded again) is moved.
    /// </summary>
    public TimeSpan NodeDeadAfter { get; set; } = TimeSpan.FromMinutes(10);
}

/// <summary>Per-stage worker pool size and attempt budget.</summary>
public sealed class StageOptions
{
    public int Concurrency { get; set; } = 1;

    public int MaxAttempts { get; set; } = 5;

    /// <summary>At most this many jobs of the stage run at once across the whole cluster (e.g. uploads to one account).</summary>
    public int? ClusterLimit { get; set; }
}

public sealed class StagesOptions
{
    public const string Section = "Stages";

    public StageOptions Sanitize { get; set; } = new() { Concurrency = 2, MaxAttempts = 5 };

    public StageOptions Vault { get; set; } = new() { Concurrency = 2, MaxAttempts = 6 };

    public StageOptions Tier { get; set; } = new() { Concurrency = 1, MaxAttempts = 5 };

    public StageOptions Encode { get; set; } = new() { Concurrency = 1, MaxAttempts = 3 };

    public StageOptions Distribute { get; set; } = new() { Concurrency = 2, MaxAttempts = 6 };

    public StageOptions Notify { get; set; } = new() { Concurrency = 2, MaxAttempts = 8 };

    /// <summary>The settings of the stage a queue belongs to.</summary>
    public StageOptions ForQueue(string queue) =>
        queue switch
        {
            "sanitize" => Sanitize,
            "vault" => Vault,
            "tier" => Tier,
            "encode" => Encode,
            "distribute" => Distribute,
            "notify" => Notify,
            _ => throw new ArgumentOutOfRangeException(nameof(queue), queue, "Unknown queue."),
        };
}
