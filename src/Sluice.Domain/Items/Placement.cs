namespace Sluice.Domain.Items;

/// <summary>
/// Where each step may run, so bytes cross the network once. Steps that read the file's bytes
/// run on the node that holds them; encode prefers that node and otherwise runs on any encode
/// node, which fetches the source from the vault; the rest run anywhere with the role.
/// </summary>
public static class Placement
{
    /// <summary>The role a node needs to run the step.</summary>
    public static string RoleOf(Step step) =>
        step switch
        {
            Step.Sanitize => Roles.Sanitize,
            Step.Vault => Roles.Vault,
            Step.Tier => Roles.Tier,
            Step.Encode => Roles.Encode,
            // The node that encoded holds the output, so it uploads it.
            Step.VaultEncoded => Roles.Encode,
            Step.Distribute => Roles.Distribute,
            Step.Notify => Roles.Notify,
            _ => throw new ArgumentOutOfRangeException(nameof(step), step, "Unknown step."),
        };

    /// <summary>The queue a step's jobs wait in: both uploads share one, so one cap limits them.</summary>
    public static string QueueOf(Step step) =>
        step == Step.VaultEncoded ? Names.Of(Step.Vault) : Names.Of(step);

    /// <summary>
    /// Whether a step pinned to a node may move to another when that node loses its lease:
    /// an encode reads a source that is already in the vault, so any encode node can fetch it;
    /// the other pinned steps need bytes that exist only on their node.
    /// </summary>
    public static bool MovesOnFailover(Step step) => step == Step.Encode;

    /// <summary>
    /// The node that must run the step, or null for any node with the role.
    /// <paramref name="canRun"/> says whether a node has the role for a step.
    /// </summary>
    public static string? RequiredNode(Item item, Step step, Func<string, Step, bool> canRun) =>
        step switch
        {
            Step.Sanitize or Step.Vault or Step.Tier => item.Holder,
            Step.Encode => item.Holder is { } holder
            && !item.Evicted.Contains(Artifact.Source)
            && canRun(holder, Step.Encode)
                ? holder
                : null,
            Step.VaultEncoded => item.Output?.Node,
            Step.Distribute or Step.Notify => null,
            _ => throw new ArgumentOutOfRangeException(nameof(step), step, "Unknown step."),
        };
}

/// <summary>The roles a node can have; a node runs the steps of its roles only.</summary>
public static class Roles
{
    public const string Ingest = "ingest";
    public const string Sanitize = "sanitize";
    public const string Vault = "vault";
    public const string Tier = "tier";
    public const string Encode = "encode";
    public const string Notify = "notify";
    public const string Distribute = "distribute";

    public static IReadOnlyList<string> All { get; } =
    [Ingest, Sanitize, Vault, Tier, Encode, Notify, Distribute];

    /// <summary>Why a set of roles cannot work, or null. Ingest keeps the bytes on this node, so the steps that read them must run here too.</summary>
    public static string? Problem(IReadOnlyCollection<string> roles)
    {
        if (roles.Count == 0)
        {
            return "a node needs at least one role";
        }

        if (roles.FirstOrDefault(r => !All.Contains(r)) is { } unknown)
        {
            return $"'{unknown}' is not a role; use {string.Join(", ", All)}";
        }

        var missing = new[] { Sanitize, Vault, Tier }.Where(r => !roles.Contains(r)).ToList();
        return roles.Contains(Ingest) && missing.Count > 0
            ? $"a node with the ingest role holds the files it takes, so it needs {string.Join(", ", missing)} too"
            : null;
    }
}
