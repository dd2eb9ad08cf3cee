using Npgsql;
using Sluice.Domain.Items;
using Sluice.Testing;

namespace Sluice.Store.Tests;

public sealed class JournalFeedSpecs
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(TestStore.Dialects), MemberType = typeof(TestStore))]
    public async Task The_feed_carries_every_item_s_events_in_order_and_resumes_after_a_cursor(
        DialectKind kind
    )
    {
        await using var test = await TestStore.CreateAsync(kind);
        (await test.Store.FeedHeadAsync(Ct)).ShouldBe(JournalCursor.Start);
        var first = await test.DiscoverAsync("a.mkv");
        var second = await test.DiscoverAsync("b.mkv");
        await test.RunAsync(first, new CompleteSanitize("Shows/a.mkv", TestStore.Media));

        var all = await ReadAtLeastAsync(test, JournalCursor.Start, 4);

        all.Select(e => (e.ItemId, e.Entry.Type))
            .ShouldBe([
                (first, "discovered"),
                (second, "discovered"),
                (first, "step-started"),
                (first, "sanitized"),
            ]);
        all.Select(e => e.Cursor).ShouldBeInOrder();
        all[0].Name.ShouldBe("a.mkv");
        all[0].State.ShouldBe(ItemState.Sanitized, "the item's state now, not then");
        (await test.Store.FeedHeadAsync(Ct)).ShouldBe(all[^1].Cursor);
        var rest = await test.Store.ReadFeedAsync(all[1].Cursor, 100, Ct);
        rest.Select(e => e.Entry.Type).ShouldBe(["step-started", "sanitized"]);
        (await test.Store.ReadFeedAsync(all[0].Cursor, 1, Ct))
            .ShouldHaveSingleItem()
            .ItemId.ShouldBe(second);
        (await test.Store.ReadFeedAsync(all[^1].Cursor, 100, Ct)).ShouldBeEmpty();
        JournalCursor.TryParse(all[2].Cursor.ToString(), out var parsed).ShouldBeTrue();
        parsed.ShouldBe(all[2].Cursor);
    }

    /// <summary>
    /// On PostgreSQL the feed waits for every write transaction on the server that began
    /// earlier (other tests' databases included), so it is read until the events arrive.
    /// </summary>
    private static async Task<IReadOnlyList<FeedEntry>> ReadAtLeastAsync(
        TestStore test,
        JournalCursor after,
        int count
    )
    {
        IReadOnlyList<FeedEntry> read = [];
        await Eventually.TrueWithinAsync(
            () =>
            {
                read = test.Store.ReadFeedAsync(after, 100, Ct).GetAwaiter().GetResult();
                return read.Count >= count;
            },
            TimeSpan.FromSeconds(10),
            Ct
        );
        return read;
    }

    [Fact]
    public async Task On_postgres_an_event_whose_transaction_commits_late_is_not_skipped()
    {
        await using var test = await TestStore.CreateAsync(DialectKind.Postgres);
        var early = await test.DiscoverAsync("early.mkv");
        var seen = (await ReadAtLeastAsync(test, JournalCursor.Start, 1))[^1].Cursor;
        await using var slow = new NpgsqlConnection(
            ((Store.Postgres.PostgresDialect)test.Dialect).ConnectionString
        );
        await slow.OpenAsync(Ct);
        await using var open = await slow.BeginTransactionAsync(Ct);
        await using (
            var insert = new NpgsqlCommand(
                """
                INSERT INTO item_event(item_id, seq, type, payload, at)
                VALUES (@id, 99, 'pinned', '{"type":"pinned","by":"slow"}', 0)
                """,
                slow,
                open
            )
        )
        {
            insert.Parameters.AddWithValue("id", early.ToString());
            await insert.ExecuteNonQueryAsync(Ct);
        }

        var late = await test.DiscoverAsync("late.mkv");

        (await test.Store.ReadFeedAsync(seen, 100, Ct)).ShouldBeEmpty(
            "the later event waits behind the transaction still open"
        );
        await open.CommitAsync(Ct);
        var after = await ReadAtLeastAsync(test, seen, 2);
        after
            .Select(e => (e.ItemId, e.Entry.Type))
            .ShouldBe([(early, "pinned"), (late, "discovered")]);
    }

    [Theory]
    [MemberData(nameof(TestStore.Dialects), MemberType = typeof(TestStore))]
    public async Task Running_jobs_show_their_node_and_the_progress_of_the_last_heartbeat(
        DialectKind kind
    )
    {
        await using var test = await TestStore.CreateAsync(kind);
        var id = await test.DiscoverAsync("a.mkv");
        (await test.Store.RunningJobsAsync(Ct)).ShouldBeEmpty();
        var job = await test.ClaimOneAsync("sanitize", node: "home");

        await test.Store.HeartbeatAsync(job.Lease, test.Lease, """{"percent":42}""", Ct);

        var running = (await test.Store.RunningJobsAsync(Ct)).ShouldHaveSingleItem();
        running.ItemId.ShouldBe(id);
        running.Name.ShouldBe("a.mkv");
        running.Step.ShouldBe(Step.Sanitize);
        running.Node.ShouldBe("home");
        running.Attempt.ShouldBe(1);
        running.Progress.ShouldBe("""{"percent":42}""");
    }

    [Theory]
    [MemberData(nameof(TestStore.Dialects), MemberType = typeof(TestStore))]
    public async Task Events_are_counted_per_time_bucket_and_type(DialectKind kind)
    {
        await using var test = await TestStore.CreateAsync(kind);
        var start = await test.NowAsync();
        await test.NotifiedItemAsync("a.mkv");
        await test.NotifiedItemAsync("b.mkv");

        var counts = await test.Store.CountEventsAsync(
            start.AddMinutes(-1),
            TimeSpan.FromHours(1),
            ["notified", "sanitized", "quarantined"],
            Ct
        );

        counts.Where(c => c.Type == "notified").Sum(c => c.Count).ShouldBe(2);
        counts.Where(c => c.Type == "sanitized").Sum(c => c.Count).ShouldBe(2);
        counts.ShouldAllBe(c => c.Type != "quarantined" && c.Type != "discovered");
        counts.ShouldAllBe(c => c.BucketStart <= start.AddHours(1));
        (
            await test.Store.CountEventsAsync(
                start.AddHours(2),
                TimeSpan.FromHours(1),
                ["notified"],
                Ct
            )
        ).ShouldBeEmpty();
    }
}
