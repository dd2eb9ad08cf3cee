using System.Net;
using Sluice.Domain.Items;

namespace Sluice.Node.Tests.Api;

public sealed class StatsApiSpecs
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Stats_count_items_per_state_and_put_finished_steps_and_failures_in_time_buckets()
    {
        await using var api = await ApiHost.StartAsync();
        foreach (var name in new[] { "A.S01E01.mkv", "B.S01E02.mkv" })
        {
            var id = await api.TieredAsync(name);
            await api.RunAsync(id, new SkipEncode("plays everywhere"));
            await api.RunAsync(id, new CompleteNotify([]));
        }

        var failed = await api.TieredAsync("C.S01E03.mkv");
        await api.FailAsync(failed, "unreadable");
        await api.DiscoverAsync("D.S01E04.mkv");

        var before = TimeProvider.System.GetUtcNow();
        var stats = await api.GetJsonAsync("/api/stats");
        var after = TimeProvider.System.GetUtcNow();

        stats.GetProperty("items").GetProperty("notified").GetInt64().ShouldBe(2);
        stats.GetProperty("items").GetProperty("failed").GetInt64().ShouldBe(1);
        stats.GetProperty("items").GetProperty("incoming").GetInt64().ShouldBe(1);
        stats.GetProperty("bucketSeconds").GetInt32().ShouldBe(60);
        var buckets = stats.GetProperty("throughput").EnumerateArray().ToList();
        buckets.Count.ShouldBe(60);
        buckets.Sum(b => b.GetProperty("finished").GetInt64()).ShouldBe(2);
        buckets.Sum(b => b.GetProperty("failed").GetInt64()).ShouldBe(1);
        // Two items: sanitized, vaulted, tiered, encode-skipped, notified; the third: three.
        buckets.Sum(b => b.GetProperty("steps").GetInt64()).ShouldBe(13);
        // The newest bucket is the minute the answer was made in; the items finished in it or,
        // when the minute turned meanwhile, in the one before.
        var newest = buckets[^1].GetProperty("start").GetDateTimeOffset();
        newest.ShouldBeLessThanOrEqualTo(after);
        (newest + TimeSpan.FromSeconds(60)).ShouldBeGreaterThan(before);
        buckets.TakeLast(2).Sum(b => b.GetProperty("finished").GetInt64()).ShouldBe(2);
        buckets.Select(b => b.GetProperty("start").GetDateTimeOffset()).ShouldBeInOrder();
        (await api.GetJsonAsync("/api/stats?window=7.00:00:00"))
            .GetProperty("bucketSeconds")
            .GetInt32()
            .ShouldBe(10_080);
        (await api.Http.GetAsync("/api/stats?window=forever", Ct)).StatusCode.ShouldBe(
            HttpStatusCode.BadRequest
        );
        (await api.Http.GetAsync("/api/stats?window=00:00:10", Ct)).StatusCode.ShouldBe(
            HttpStatusCode.BadRequest
        );
    }
}
