using Sluice.Domain.Engine;
using Sluice.Domain.Items;

namespace Sluice.Store;

/// <summary>How a step's jobs are queued and how often they may fail before quarantine.</summary>
public sealed record StepPolicy(string Queue, string Role, int MaxAttempts);

/// <summary>The supervisor strategy the store enforces: budgets, backoff, notification channels.</summary>
public sealed record EnginePolicy
{
    public required IReadOnlyDictionary<Step, StepPolicy> Steps { get; init; }

    public required Backoff Backoff { get; init; }

    /// <summary>Channels an item is announced on; one outbox row per item and channel.</summary>
    public IReadOnlyList<string> NotifyChannels { get; init; } = [];

    /// <summary>Channels of <see cref="NotifyChannels"/> that go before an item's messages: media-server library refreshes.</summary>
    public IReadOnlyList<string> RefreshChannels { get; init; } = [];

    /// <summary>Uniform samples in [0, 1) for retry jitter; replaceable so tests are repeatable.</summary>
    public Func<double> Jitter { get; init; } = Random.Shared.NextDouble;

    public StepPolicy For(Step step) =>
        Steps.TryGetValue(step, out var policy)
            ? policy
            : throw new InvalidOperationException($"No policy for step {Names.Of(step)}.");

    public static EnginePolicy Default(int maxAttempts = 5) =>
        new()
        {
            Steps = Names.Steps.ToDictionary(
                s => s,
                s => new StepPolicy(QueueOf(s), RoleOf(s), maxAttempts)
            ),
            Backoff = new Backoff(TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(10)),
        };

    public static string QueueOf(Step step) => Placement.QueueOf(step);

    public static string RoleOf(Step step) => Placement.RoleOf(step);
}
