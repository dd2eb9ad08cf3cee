using Sluice.Domain.Items;
using Sluice.Testing;

namespace Sluice.Store.Tests;

/// <summary>Library operations as leased, fenced work: claimed once, resumed after a lost lease, never written by a stale holder.</summary>
public sealed class LibraryOpSpecs
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static LibraryOpDraft Draft(string folder = "Shows/Show") =>
        new("move", folder, "move it", "[]", 2, Roles.Sanitize, "test");

    [Theory]
    [MemberData(nameof(TestStore.Dialects), MemberType = typeof(TestStore))]
    public async Task An_operation_resumes_under_a_new_lease_and_its_stale_holder_writes_nothing(
        DialectKind kind
    )
    {
        await using var test = await TestStore.CreateAsync(kind);
        var id = await test.NotifiedItemAsync("Show/a.mkv");
        var op = await test.Store.StartLibraryOpAsync(Draft(), Ct);
        var first = (
            await test.Store.ClaimLibraryOpAsync("home", [Roles.Sanitize], test.Lease, Ct)
        )!;
        var moved = new Relocate("Premiered/Show/a.mkv", null, [], "test", op);

        var again = await test.Store.ClaimLibraryOpAsync("vps", [Roles.Sanitize], test.Lease, Ct);
        var stepDone = await test.Store.AdvanceLibraryOpAsync(first, 0, (id, moved), null, Ct);
        var replayed = await test.Store.AdvanceLibraryOpAsync(first, 0, (id, moved), null, Ct);
        await test.AdvanceAsync(test.Lease + test.Margin);
        var stalled = (await test.Store.LibraryOpAsync(op, Ct))!;
        var second = (
            await test.Store.ClaimLibraryOpAsync("vps", [Roles.Sanitize], test.Lease, Ct)
        )!;
        var staleStep = await test.Store.AdvanceLibraryOpAsync(
            first,
            1,
            null,
            ("Shows/Show", "Premiered/Show"),
            Ct
        );
        var staleBeat = await test.Store.HeartbeatLibraryOpAsync(first, test.Lease, Ct);
        var staleFinish = await test.Store.FinishLibraryOpAsync(first, null, Ct);
        var lastStep = await test.Store.AdvanceLibraryOpAsync(
            second,
            1,
            null,
            ("Shows/Show", "Premiered/Show"),
            Ct
        );
        var finished = await test.Store.FinishLibraryOpAsync(second, null, Ct);

        again.ShouldBeNull();
        stalled.Resuming.ShouldBeTrue();
        stalled.StepsDone.ShouldBe(1);
        stepDone.ShouldBe(LeaseWrite.Applied);
        replayed.ShouldBe(LeaseWrite.LeaseLost);
        second.Op.StepsDone.ShouldBe(1);
        second.Attempt.ShouldBe(2);
        second.Op.Resuming.ShouldBeTrue();
        second.Token.ShouldBeGreaterThan(first.Token);
        staleStep.ShouldBe(LeaseWrite.LeaseLost);
        staleBeat.ShouldBeFalse();
        staleFinish.ShouldBe(LeaseWrite.LeaseLost);
        lastStep.ShouldBe(LeaseWrite.Applied);
        finished.ShouldBe(LeaseWrite.Applied);
        var stored = (await test.Store.LibraryOpAsync(op, Ct))!;
        stored.State.ShouldBe(LibraryOp.Done);
        stored.StepsDone.ShouldBe(2);
        var journal = await test.Store.GetJournalAsync(id, Ct);
        journal.Count(e => e.Type == "relocated").ShouldBe(1);
        (await test.Store.GetItemAsync(id, Ct))!.Item.LibraryPath.ShouldBe("Premiered/Show/a.mkv");
        (await test.Store.FollowRedirectAsync("Shows/Show/Season 01/b.mkv", Ct)).ShouldBe(
            "Premiered/Show/Season 01/b.mkv"
        );
        (
            await test.Store.ClaimLibraryOpAsync("home", [Roles.Sanitize], test.Lease, Ct)
        ).ShouldBeNull();
    }

    [Theory]
    [MemberData(nameof(TestStore.Dialects), MemberType = typeof(TestStore))]
    public async Task One_operation_changes_the_library_at_a_time_and_only_its_node_with_the_role_runs_it(
        DialectKind kind
    )
    {
        await using var test = await TestStore.CreateAsync(kind);
        var op = await test.Store.StartLibraryOpAsync(Draft() with { RequiredNode = "home" }, Ct);

        var busy = await Should.ThrowAsync<LibraryBusyException>(() =>
            test.Store.StartLibraryOpAsync(Draft("Shows/Other"), Ct)
        );
        var withoutRole = await test.Store.ClaimLibraryOpAsync(
            "home",
            [Roles.Vault],
            test.Lease,
            Ct
        );
        var otherNode = await test.Store.ClaimLibraryOpAsync(
            "vps",
            [Roles.Sanitize],
            test.Lease,
            Ct
        );
        var lease = (
            await test.Store.ClaimLibraryOpAsync("home", [Roles.Sanitize], test.Lease, Ct)
        )!;
        await test.Store.FinishLibraryOpAsync(lease, "a collision", Ct);
        var next = await test.Store.StartLibraryOpAsync(Draft("Shows/Other"), Ct);

        busy.Message.ShouldContain($"Library operation {op} (move Shows/Show) is still running");
        withoutRole.ShouldBeNull();
        otherNode.ShouldBeNull();
        (await test.Store.LibraryOpAsync(op, Ct))!.LastError.ShouldBe("a collision");
        (await test.Store.LibraryOpsAsync(10, Ct)).Select(o => o.Id).ShouldBe([next, op]);
    }

    [Theory]
    [MemberData(nameof(TestStore.Dialects), MemberType = typeof(TestStore))]
    public async Task A_restarted_node_frees_what_its_previous_instance_held_at_once(
        DialectKind kind
    )
    {
        await using var test = await TestStore.CreateAsync(kind);
        await test.Store.StartLibraryOpAsync(Draft(), Ct);
        var held = (
            await test.Store.ClaimLibraryOpAsync("home", [Roles.Sanitize], test.Lease, Ct)
        )!;

        var freed = await test.Store.ReleaseLibraryOpsOfAsync("home", Ct);
        var resumed = await test.Store.ClaimLibraryOpAsync(
            "home",
            [Roles.Sanitize],
            test.Lease,
            Ct
        );

        freed.ShouldBe(1);
        resumed.ShouldNotBeNull().Token.ShouldBeGreaterThan(held.Token);
    }

    [Theory]
    [MemberData(nameof(TestStore.Dialects), MemberType = typeof(TestStore))]
    public async Task Redirects_follow_a_show_through_moves_and_a_show_moved_back_drops_its_redirect(
        DialectKind kind
    )
    {
        await using var test = await TestStore.CreateAsync(kind);
        async Task MoveAsync(string from, string to)
        {
            await test.Store.StartLibraryOpAsync(Draft() with { Steps = 1 }, Ct);
            var lease = (
                await test.Store.ClaimLibraryOpAsync("home", [Roles.Sanitize], test.Lease, Ct)
            )!;
            (await test.Store.AdvanceLibraryOpAsync(lease, 0, null, (from, to), Ct)).ShouldBe(
                LeaseWrite.Applied
            );
            await test.Store.FinishLibraryOpAsync(lease, null, Ct);
        }

        await MoveAsync("Shows/X", "Premiered/X");
        await MoveAsync("Premiered/X", "Finished/X");
        var chained = await test.Store.FollowRedirectAsync("Shows/X/Season 01/e.mkv", Ct);
        var unrelated = await test.Store.FollowRedirectAsync("Shows/X2/Season 01/e.mkv", Ct);
        await MoveAsync("Finished/X", "Shows/X");

        chained.ShouldBe("Finished/X/Season 01/e.mkv");
        unrelated.ShouldBe("Shows/X2/Season 01/e.mkv");
        (await test.Store.FollowRedirectAsync("Shows/X/Season 01/e.mkv", Ct)).ShouldBe(
            "Shows/X/Season 01/e.mkv"
        );
        (await test.Store.RedirectsAsync(Ct)).ShouldBe([
            ("Finished/X", "Shows/X"),
            ("Premiered/X", "Shows/X"),
        ]);
    }

    [Theory]
    [MemberData(nameof(TestStore.Dialects), MemberType = typeof(TestStore))]
    public async Task Items_under_a_folder_are_found_by_folder_not_by_name_prefix(DialectKind kind)
    {
        await using var test = await TestStore.CreateAsync(kind);
        var inside = await test.NotifiedItemAsync("Show_1%/a.mkv");
        await test.NotifiedItemAsync("Show_1%2/a.mkv");
        await test.NotifiedItemAsync("ShowX1%/a.mkv");

        var found = await test.Store.ItemsUnderAsync("Shows/Show_1%", Ct);

        found.ShouldHaveSingleItem().Id.ShouldBe(inside);
    }
}
