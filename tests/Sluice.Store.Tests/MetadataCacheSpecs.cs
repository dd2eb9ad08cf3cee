using Sluice.Testing;

namespace Sluice.Store.Tests;

public sealed class MetadataCacheSpecs
{
    [Theory]
    [MemberData(nameof(TestStore.Dialects), MemberType = typeof(TestStore))]
    public async Task A_cached_answer_comes_back_until_it_is_too_old(DialectKind kind)
    {
        await using var test = await TestStore.CreateAsync(kind);

        (
            await test.Store.GetCachedAsync(
                "anilist",
                "frieren",
                test.Lease,
                CancellationToken.None
            )
        ).Found.ShouldBeFalse();
        await test.Store.SetCachedAsync("anilist", "frieren", "{\"id\":1}", CancellationToken.None);
        (
            await test.Store.GetCachedAsync(
                "anilist",
                "frieren",
                test.Lease,
                CancellationToken.None
            )
        ).ShouldBe((true, "{\"id\":1}"));

        await test.AdvanceAsync(test.Lease + test.Margin);
        (
            await test.Store.GetCachedAsync(
                "anilist",
                "frieren",
                test.Lease,
                CancellationToken.None
            )
        ).Found.ShouldBeFalse();
    }

    [Theory]
    [MemberData(nameof(TestStore.Dialects), MemberType = typeof(TestStore))]
    public async Task A_cached_no_match_is_an_answer_too_and_a_new_answer_replaces_it(
        DialectKind kind
    )
    {
        await using var test = await TestStore.CreateAsync(kind);

        await test.Store.SetCachedAsync("tmdb", "movie:x", null, CancellationToken.None);
        (
            await test.Store.GetCachedAsync("tmdb", "movie:x", test.Lease, CancellationToken.None)
        ).ShouldBe((true, null));
        await test.Store.SetCachedAsync("tmdb", "movie:x", "{}", CancellationToken.None);

        (
            await test.Store.GetCachedAsync("tmdb", "movie:x", test.Lease, CancellationToken.None)
        ).Value.ShouldBe("{}");
    }
}
