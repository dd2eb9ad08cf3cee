using Dapper;
using Microsoft.Data.Sqlite;

namespace Sluice.Store.Tests;

public sealed class QueueSpecs
{
    private static async Task SetLimitAsync(
        TestStore test,
        string queue,
        int? maxRunning,
        bool paused
    )
    {
        await using var connection = new SqliteConnection($"Data Source={test.DatabasePath}");
        await connection.ExecuteAsync(
            "INSERT OR REPLACE INTO queue_limit(queue, max_running, paused) VALUES (@queue, @maxRunning, @paused)",
            new
            {
                queue,
                maxRunning,
                paused = paused ? 1 : 0,
            }
        );
    }

    [Fact]
    public async Task A_paused_queue_hands_out_nothing()
    {
        await using var test = await TestStore.CreateAsync();
        await test.DiscoverAsync();
        await SetLimitAsync(test, "sanitize", null, paused: true);

        (await test.ClaimAsync("sanitize")).ShouldBeEmpty();

        await SetLimitAsync(test, "sanitize", null, paused: false);
        (await test.ClaimAsync("sanitize")).ShouldHaveSingleItem();
    }

    [Fact]
    public async Task Concurrent_claimers_never_run_more_than_the_queue_cap()
    {
        await using var test = await TestStore.CreateAsync();
        for (var i = 0; i < 20; i++)
        {
            await test.DiscoverAsync($"f{i}.mkv");
        }

        await SetLimitAsync(test, "sanitize", 3, paused: false);

        var claims = await Task.WhenAll(
            Enumerable
                .Range(0, 8)
                .Select(n => Task.Run(() => test.ClaimAsync("sanitize", max: 2, node: $"n{n}")))
        );

        claims.Sum(c => c.Count).ShouldBe(3);
        claims.SelectMany(c => c).Select(c => c.Lease.JobId).Distinct().Count().ShouldBe(3);
    }

    [Fact]
    public async Task Concurrent_claimers_never_share_a_job()
    {
        await using var test = await TestStore.CreateAsync();
        for (var i = 0; i < 40; i++)
        {
            await test.DiscoverAsync($"f{i}.mkv");
        }

        var claims = await Task.WhenAll(
            Enumerable
                .Range(0, 8)
                .Select(n => Task.Run(() => test.ClaimAsync("sanitize", max: 10, node: $"n{n}")))
        );

        var all = claims.SelectMany(c => c).ToList();
        all.Count.ShouldBe(40);
        all.Select(c => c.Lease.ItemId).Distinct().Count().ShouldBe(40);
    }
}
