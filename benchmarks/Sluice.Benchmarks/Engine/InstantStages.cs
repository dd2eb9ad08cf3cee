using Sluice.Domain.Items;
using Sluice.Node.Engine;

namespace Sluice.Benchmarks.Engine;

/// <summary>
/// BENCHMARK ONLY: a stage set whose handlers do no work at all and answer at once, so the
/// engine (claims, leases, journal, transitions, wake-ups) is all that is measured. Never
/// registered in a node.
/// </summary>
public sealed class InstantStage(Step step) : IStepHandler
{
    private static readonly MediaSummary Media = new("episode", "Bench", 1, [1], null);

    public Step Step => step;

    public Task<ItemCommand> RunAsync(StepContext context, CancellationToken ct)
    {
        var id = context.Item.Id;
        ItemCommand outcome = step switch
        {
            Step.Sanitize => new CompleteSanitize($"Shows/Bench/{id}.mkv", Media),
            Step.Vault => new CompleteVault(
                Artifact.Source,
                [new VaultCopy(Artifact.Source, "bench", $"bench:{id}", 1, "size")]
            ),
            Step.Tier => new CompleteTier(0, 0, 0),
            Step.Encode => new CompleteEncode(
                new EncodeOutput("remux", $"Encoded/Shows/Bench/{id}.mp4", 1, 1)
            ),
            Step.VaultEncoded => new CompleteVault(
                Artifact.Encoded,
                [new VaultCopy(Artifact.Encoded, "bench", $"bench:{id}.mp4", 1, "size")]
            ),
            Step.Notify => new CompleteNotify([]),
            _ => throw new InvalidOperationException($"Unknown step {step}."),
        };
        return Task.FromResult(outcome);
    }

    public static IReadOnlyDictionary<Step, IStepHandler> All() =>
        Names.Steps.ToDictionary(s => s, s => (IStepHandler)new InstantStage(s));
}
