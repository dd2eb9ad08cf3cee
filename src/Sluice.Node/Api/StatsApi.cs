using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Sluice.Domain.Items;
using Sluice.Store;

namespace Sluice.Node.Api;

/// <summary>
/// <c>GET /api/stats?window=01:00:00</c>: items per state across the cluster, and throughput
/// over the window from the journal, in 60 buckets: items finished, steps completed, failures
/// (items quarantined) and retries (attempts that failed or lost their lease).
/// </summary>
public static class StatsApi
{
    private const int Buckets = 60;

    private static readonly string[] StepCompletions =
    [
        "sanitized",
        "vaulted",
        "tiered",
        "encode-produced",
        "encode-skipped",
        "distributed",
        "notified",
    ];

    private static readonly string[] Retries = ["step-failed", "lease-expired"];

    public static RouteGroupBuilder MapStats(this RouteGroupBuilder api)
    {
        api.MapGet("/stats", StatsAsync);
        return api;
    }

    private static async Task<Results<Ok<StatsView>, BadRequest<ApiError>>> StatsAsync(
        EngineStore store,
        TimeProvider time,
        string? window,
        CancellationToken ct
    )
    {
        var span = TimeSpan.FromHours(1);
        if (
            window is not null
            && (
                !TimeSpan.TryParse(
                    window,
                    System.Globalization.CultureInfo.InvariantCulture,
                    out span
                )
                || span < TimeSpan.FromMinutes(1)
                || span > TimeSpan.FromDays(31)
            )
        )
        {
            return TypedResults.BadRequest(
                new ApiError(
                    $"window is a span between 00:01:00 and 31.00:00:00 such as 01:00:00 or 7.00:00:00 (got '{window}')."
                )
            );
        }

        var bucket = TimeSpan.FromSeconds(Math.Ceiling(span.TotalSeconds / Buckets));
        var width = (long)bucket.TotalMilliseconds;
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        // Buckets are aligned to their width, so the same event always falls in the same one.
        var first = (now / width - (Buckets - 1)) * width;
        var counts = await store.CountEventsAsync(
            DateTimeOffset.FromUnixTimeMilliseconds(first),
            bucket,
            [.. StepCompletions, .. Retries, "quarantined"],
            ct
        );
        var byBucket = counts.ToLookup(c => c.BucketStart.ToUnixTimeMilliseconds());
        long Sum(long start, IEnumerable<string> types) =>
            byBucket[start].Where(c => types.Contains(c.Type)).Sum(c => c.Count);
        var states = await store.CountByStateAsync(ct);
        return TypedResults.Ok(
            new StatsView(
                states.ToDictionary(s => Names.Of(s.Key), s => s.Value),
                (int)bucket.TotalSeconds,
                [
                    .. Enumerable
                        .Range(0, Buckets)
                        .Select(i => first + i * width)
                        .Select(start => new ThroughputBucket(
                            DateTimeOffset.FromUnixTimeMilliseconds(start),
                            Sum(start, ["notified"]),
                            Sum(start, StepCompletions),
                            Sum(start, ["quarantined"]),
                            Sum(start, Retries)
                        )),
                ]
            )
        );
    }
}

/// <summary>Items per state now, and the throughput buckets of the window, oldest first.</summary>
public sealed record StatsView(
    IReadOnlyDictionary<string, long> Items,
    int BucketSeconds,
    IReadOnlyList<ThroughputBucket> Throughput
);

/// <param name="Finished">Items that reached notified.</param>
/// <param name="Steps">Steps completed, of every stage.</param>
/// <param name="Failed">Items quarantined (failed for good, waiting for an operator).</param>
/// <param name="Retries">Attempts that failed or lost their lease and will run again.</param>
public sealed record ThroughputBucket(
    DateTimeOffset Start,
    long Finished,
    long Steps,
    long Failed,
    long Retries
);
