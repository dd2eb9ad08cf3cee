using System.Text.Json;
using Sluice.Domain.Items;
using Sluice.Node.Secrets;
using Sluice.Store;

namespace Sluice.Node.Api;

/// <summary>One row of the item list, as the API and `ctl items ls` show it.</summary>
public sealed record ItemSummaryView(
    string Id,
    string State,
    string Name,
    string? LibraryPath,
    string? Step,
    string? JobState,
    int? Attempt,
    string? Error,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt
)
{
    public static ItemSummaryView From(ItemView view, SecretScrubber secrets) =>
        new(
            view.Item.Id.ToString(),
            Names.Of(view.Item.State),
            view.Item.Name,
            view.Item.LibraryPath,
            view.Job is { } job ? Names.Of(job.Step)
                : view.Item.Failure is { } f ? Names.Of(f.Step)
                : null,
            view.Job?.State,
            view.Job?.Attempt ?? view.Item.Failure?.Attempt,
            secrets.ScrubOrNull(view.Item.Failure?.Reason ?? view.Job?.LastError),
            view.CreatedAt,
            view.UpdatedAt
        );
}

/// <summary>Everything known about one item: what it is, where its copies are, and its timeline.</summary>
public sealed record ItemDetailView(
    ItemSummaryView Summary,
    string SourceKey,
    long Size,
    string IncomingPath,
    bool Pinned,
    MediaSummary? Media,
    IReadOnlyList<VaultCopy> Copies,
    IReadOnlyList<string> Evicted,
    EncodeOutput? Output,
    string? EncodeSkipped,
    IReadOnlyList<string> NotifiedChannels,
    JobDetailView? Job,
    IReadOnlyList<TimelineEntryView> Timeline
);

/// <param name="Waiting">Why a due job is not running, when no live node can take it.</param>
public sealed record JobDetailView(
    long Id,
    string Step,
    string State,
    string RequiredRole,
    string? RequiredNode,
    string? Waiting,
    int Attempt,
    int MaxAttempts,
    DateTimeOffset RunAt,
    string? Node,
    DateTimeOffset? LeaseExpiresAt,
    JsonElement? Progress,
    string? LastError
)
{
    public static JobDetailView From(
        JobView job,
        IReadOnlyList<NodeView> nodes,
        SecretScrubber secrets
    ) =>
        new(
            job.JobId,
            Names.Of(job.Step),
            job.State,
            job.RequiredRole,
            job.RequiredNode,
            job.State == "running" ? null : WaitingReason(job, nodes),
            job.Attempt,
            job.MaxAttempts,
            job.RunAt,
            job.LeaseOwner,
            job.LeaseExpiresAt,
            job.Progress is { } p ? secrets.Scrub(JsonDocument.Parse(p).RootElement) : null,
            secrets.ScrubOrNull(job.LastError)
        );

    private static string? WaitingReason(JobView job, IReadOnlyList<NodeView> nodes)
    {
        if (job.RequiredNode is { } required)
        {
            var node = nodes.FirstOrDefault(n => n.Name == required);
            return node is null ? $"waiting for node {required}, which has never registered"
                : !node.Alive
                    ? $"waiting for node {required}, which holds the file and is down (last heartbeat {node.HeartbeatAt:u})"
                : node.Draining ? $"waiting for node {required}, which is draining"
                : !node.Roles.Contains(job.RequiredRole)
                    ? $"waiting for node {required}, which lacks the {job.RequiredRole} role"
                : null;
        }

        return nodes.Any(n => n.Alive && !n.Draining && n.Roles.Contains(job.RequiredRole))
            ? null
            : $"waiting for a live node with the {job.RequiredRole} role";
    }
}

/// <summary>One journal event: when, where, which attempt, what happened, and the error if any.</summary>
public sealed record TimelineEntryView(
    int Seq,
    DateTimeOffset At,
    string Type,
    string? Node,
    int? Attempt,
    string Summary,
    string? Error,
    JsonElement Data
)
{
    public static TimelineEntryView From(JournalEntry entry, SecretScrubber secrets) =>
        new(
            entry.Seq,
            entry.At,
            entry.Type,
            entry.Node,
            entry.Attempt,
            secrets.Scrub(TimelineText.Describe(entry.Event)),
            secrets.ScrubOrNull(
                entry.Event switch
                {
                    StepFailed f => f.Error,
                    Quarantined q => q.Reason,
                    _ => null,
                }
            ),
            secrets.Scrub(JsonSerializer.SerializeToElement(entry.Event, ItemJson.Options))
        );
}
