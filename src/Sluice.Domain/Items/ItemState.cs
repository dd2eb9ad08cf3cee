namespace Sluice.Domain.Items;

/// <summary>Where an item stands. The six pipeline states in order, then the two ends off the path.</summary>
public enum ItemState
{
    Incoming,
    Sanitized,
    Vaulted,
    Tiered,
    Encoded,
    Notified,
    Failed,
    Cancelled,
}

/// <summary>The steps that move an item from one state to the next; a job runs one step.</summary>
public enum Step
{
    Sanitize,
    Vault,
    Tier,
    Encode,
    VaultEncoded,

    /// <summary>Copies vaulted files from the primary destinations to the replicas (the VPS fan-out).</summary>
    Distribute,
    Notify,
}

/// <summary>Which file of an item a vault copy or an eviction concerns.</summary>
public enum Artifact
{
    Source,
    Encoded,
}

/// <summary>The lowercase names used in the database, the API and the CLI.</summary>
public static class Names
{
    public static string Of(ItemState state) =>
        state switch
        {
            ItemState.Incoming => "incoming",
            ItemState.Sanitized => "sanitized",
            ItemState.Vaulted => "vaulted",
            ItemState.Tiered => "tiered",
            ItemState.Encoded => "encoded",
            ItemState.Notified => "notified",
            ItemState.Failed => "failed",
            ItemState.Cancelled => "cancelled",
            _ => throw new ArgumentOutOfRangeException(nameof(state), state, "Unknown item state."),
        };

    public static string Of(Step step) =>
        step switch
        {
            Step.Sanitize => "sanitize",
            Step.Vault => "vault",
            Step.Tier => "tier",
            Step.Encode => "encode",
            Step.VaultEncoded => "vault-encoded",
            Step.Distribute => "distribute",
            Step.Notify => "notify",
            _ => throw new ArgumentOutOfRangeException(nameof(step), step, "Unknown step."),
        };

    public static string Of(Artifact artifact) =>
        artifact switch
        {
            Artifact.Source => "source",
            Artifact.Encoded => "encoded",
            _ => throw new ArgumentOutOfRangeException(
                nameof(artifact),
                artifact,
                "Unknown artifact."
            ),
        };

    public static IReadOnlyList<ItemState> States { get; } = Enum.GetValues<ItemState>();

    public static IReadOnlyList<Step> Steps { get; } = Enum.GetValues<Step>();

    public static ItemState ParseState(string name) =>
        States.FirstOrDefault(s => Of(s) == name) is var s && Of(s) == name
            ? s
            : throw new FormatException(
                $"'{name}' is not a state; use one of: {string.Join(", ", States.Select(Of))}."
            );

    public static bool TryParseState(string? name, out ItemState state)
    {
        foreach (var candidate in States)
        {
            if (Of(candidate) == name)
            {
                state = candidate;
                return true;
            }
        }

        state = default;
        return false;
    }

    public static Step ParseStep(string name) =>
        Steps.FirstOrDefault(s => Of(s) == name) is var s && Of(s) == name
            ? s
            : throw new FormatException(
                $"'{name}' is not a step; use one of: {string.Join(", ", Steps.Select(Of))}."
            );
}
