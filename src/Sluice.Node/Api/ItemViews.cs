using System.Text.Json;
using Sluice.Domain.Items;
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
    public static ItemSummaryView From(ItemView view) =>
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
            view.Item.Failure?.Reason ?? view.Job?.LastError,
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

public sealed record JobDetailView(
    long Id,
    string Step,
    string State,
    int Attempt,
    int MaxAttempts,
    DateTimeOffset RunAt,
    string? Node,
    DateTimeOffset? LeaseExpiresAt,
    JsonElement? Progress,
    string? LastError
)
{
    public static JobDetailView From(JobView job) =>
        new(
            job.JobId,
            Names.Of(job.Step),
            job.State,
            job.Attempt,
            job.MaxAttempts,
            job.RunAt,
            job.LeaseOwner,
            job.LeaseExpiresAt,
            job.Progress is { } p ? JsonDocument.Parse(p).RootElement.Clone() : null,
            job.LastError
        );
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
    public static TimelineEntryView From(JournalEntry entry) =>
        new(
            entry.Seq,
            entry.At,
            entry.Type,
            entry.Node,
            entry.Attempt,
            TimelineText.Describe(entry.Event),
            entry.Event switch
            {
                StepFailed f => f.Error,
                Quarantined q => q.Reason,
                _ => null,
            },
            JsonSerializer.SerializeToElement(entry.Event, ItemJson.Options)
        );
}
