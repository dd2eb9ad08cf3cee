using Sluice.Testing;

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
        await test.Store.SetLimitAsync(queue, maxRunning, CancellationToken.None);
        await test.Store.SetPausedAsync(queue, paused, CancellationToken.None);
    }

    [Theory]
    [MemberData(nameof(TestStore.Dialects), MemberType = typeof(TestStore))]
    public async Task A_paused_queue_hands_out_nothing(DialectKind kind)
    {
        await using var test = await TestStore.CreateAsync(kind);
        await test.DiscoverAsync();
        await SetLimitAsync(test, "sanitize", null, paused: true);

        (await test.ClaimAsync("sanitize")).ShouldBeEmpty();

        await SetLimitAsync(test, "sanitize", null, paused: false);
        (await test.ClaimAsync("sanitize")).ShouldHaveSingleItem();
    }

    [Theory]
    [MemberData(nameof(TestStore.Dialects), MemberType = typeof(TestStore))]
    public async Task Concurrent_claimers_never_run_more_than_the_queue_cap(DialectKind kind)
    {
        await using var test = await TestStore.CreateAsync(kind);
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

    [Theory]
    [MemberData(nameof(TestStore.Dialects), MemberType = typeof(TestStore))]
    public async Task Concurrent_claimers_never_share_a_job(DialectKind kind)
    {
        await using var test = await TestStore.CreateAsync(kind);
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
