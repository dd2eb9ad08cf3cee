using System.Text.Json;
using Sluice.Domain.Items;
using Sluice.Node.Secrets;
using Sluice.Store;

namespace Sluice.Node.Api.Events;

/// <summary>One journal event on the stream: which item (its name and state now), and the event as the timeline shows it.</summary>
public sealed record FeedEventView(
    string Cursor,
    string ItemId,
    string Name,
    string State,
    TimelineEntryView Event
)
{
    public static FeedEventView From(FeedEntry entry, SecretScrubber secrets) =>
        new(
            entry.Cursor.ToString(),
            entry.ItemId.ToString(),
            entry.Name,
            Names.Of(entry.State),
            TimelineEntryView.From(entry.Entry, secrets)
        );
}

/// <summary>A job running somewhere in the cluster, with its progress (percent, bytes, speed, eta, as the step reports it).</summary>
public sealed record RunningJobView(
    long JobId,
    string ItemId,
    string Name,
    string Step,
    string Stage,
    string? Node,
    int Attempt,
    int MaxAttempts,
    DateTimeOffset? HeartbeatAt,
    JsonElement? Progress
)
{
    public static RunningJobView From(RunningJob job, SecretScrubber secrets) =>
        new(
            job.JobId,
            job.ItemId.ToString(),
            job.Name,
            Names.Of(job.Step),
            job.Queue,
            job.Node,
            job.Attempt,
            job.MaxAttempts,
            job.HeartbeatAt,
            job.Progress is { } p ? secrets.Scrub(JsonDocument.Parse(p).RootElement) : null
        );
}
