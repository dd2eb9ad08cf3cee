using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Sluice.Node.Secrets;
using Sluice.Store;

namespace Sluice.Node.Api.Events;

/// <summary>
/// <c>GET /api/events</c>: a Server-Sent Events stream of the cluster's journal (<c>item</c>
/// events, each with its cursor as the event id) and of the running jobs with their progress
/// (<c>jobs</c>, the whole list whenever it changes). A client that reconnects with
/// <c>Last-Event-ID</c> (or <c>?after=CURSOR</c>) gets every event after that cursor, also
/// those that happened while it was away; without one it starts at the end of the journal.
/// <c>?item=ID</c> narrows the item events to one item. <c>GET /api/jobs</c> is the running
/// jobs once.
/// </summary>
public static class EventsApi
{
    /// <summary>Sent when nothing else was for this long, so proxies and clients see a live connection.</summary>
    public static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(15);

    private const int Batch = 500;

    public static RouteGroupBuilder MapEvents(this RouteGroupBuilder api)
    {
        api.MapGet("/events", StreamAsync);
        api.MapGet("/jobs", JobsAsync);
        return api;
    }

    private static async Task<Ok<IReadOnlyList<RunningJobView>>> JobsAsync(
        EngineStore store,
        SecretScrubber secrets,
        CancellationToken ct
    ) =>
        TypedResults.Ok<IReadOnlyList<RunningJobView>>([
            .. (await store.RunningJobsAsync(ct)).Select(j => RunningJobView.From(j, secrets)),
        ]);

    private static async Task<IResult> StreamAsync(
        HttpContext context,
        EngineStore store,
        LiveFeed feed,
        SecretScrubber secrets,
        IHostApplicationLifetime lifetime,
        IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json,
        string? after,
        string? item
    )
    {
        var resume = context.Request.Headers["Last-Event-ID"].ToString() is { Length: > 0 } last
            ? last
            : after;
        JournalCursor cursor = default;
        if (resume is not null && !JournalCursor.TryParse(resume, out cursor))
        {
            return TypedResults.BadRequest(
                new ApiError($"'{resume}' is not an event id (they look like 0-42).")
            );
        }

        Domain.Items.ItemId? only = null;
        if (item is not null)
        {
            var resolved = await ItemsApi.ResolveAsync(item, store, context.RequestAborted);
            if (resolved.Error is { } error)
            {
                return error.NotFound
                    ? TypedResults.NotFound(error)
                    : TypedResults.BadRequest(error);
            }

            only = resolved.Id;
        }

        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(
            context.RequestAborted,
            lifetime.ApplicationStopping
        );
        var ct = stopping.Token;
        using var open = feed.Open();
        if (resume is null)
        {
            cursor = await store.FeedHeadAsync(ct);
        }

        var response = context.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        var options = json.Value.SerializerOptions;
        var stream = new EventWriter(response, options);
        try
        {
            // The first message carries the start cursor as its id: a client that drops before
            // any event still resumes from here, not from "now".
            await stream.WriteAsync(
                "hello",
                cursor.ToString(),
                new { cursor = cursor.ToString(), retryMs = 2000 },
                ct,
                retry: 2000
            );
            IReadOnlyList<RunningJob>? sentJobs = null;
            long seen = -1;
            while (!ct.IsCancellationRequested)
            {
                var snapshot = await feed.WaitAsync(seen, KeepAlive, ct);
                var wrote = false;
                if (snapshot.Version == seen)
                {
                    await stream.CommentAsync("keep-alive", ct);
                    continue;
                }

                seen = snapshot.Version;
                while (snapshot.Head > cursor)
                {
                    var entries = await store.ReadFeedAsync(cursor, Batch, ct);
                    if (entries.Count == 0)
                    {
                        break;
                    }

                    foreach (var entry in entries)
                    {
                        cursor = entry.Cursor;
                        if (only is null || entry.ItemId == only)
                        {
                            await stream.WriteAsync(
                                "item",
                                cursor.ToString(),
                                FeedEventView.From(entry, secrets),
                                ct
                            );
                            wrote = true;
                        }
                    }

                    if (entries.Count < Batch)
                    {
                        break;
                    }
                }

                if (sentJobs is null || !sentJobs.SequenceEqual(snapshot.Jobs))
                {
                    sentJobs = snapshot.Jobs;
                    await stream.WriteAsync(
                        "jobs",
                        null,
                        snapshot.Jobs.Select(j => RunningJobView.From(j, secrets)),
                        ct
                    );
                    wrote = true;
                }

                if (!wrote)
                {
                    await stream.FlushAsync(ct);
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The client left or the node stops; the client resumes with Last-Event-ID.
        }

        return Results.Empty;
    }

    /// <summary>The text/event-stream framing: id, event, data, a blank line; flushed per message.</summary>
    private sealed class EventWriter(HttpResponse response, JsonSerializerOptions options)
    {
        public async Task WriteAsync<T>(
            string type,
            string? id,
            T data,
            CancellationToken ct,
            int? retry = null
        )
        {
            var text = new StringBuilder();
            if (retry is { } ms)
            {
                text.Append("retry: ").Append(ms).Append('\n');
            }

            if (id is not null)
            {
                text.Append("id: ").Append(id).Append('\n');
            }

            text.Append("event: ").Append(type).Append('\n');
            // JSON without indentation has no line breaks, so one data line holds it.
            text.Append("data: ").Append(JsonSerializer.Serialize(data, options)).Append("\n\n");
            await response.WriteAsync(text.ToString(), ct);
            await response.Body.FlushAsync(ct);
        }

        public async Task CommentAsync(string text, CancellationToken ct)
        {
            await response.WriteAsync($": {text}\n\n", ct);
            await response.Body.FlushAsync(ct);
        }

        public Task FlushAsync(CancellationToken ct) => response.Body.FlushAsync(ct);
    }
}
