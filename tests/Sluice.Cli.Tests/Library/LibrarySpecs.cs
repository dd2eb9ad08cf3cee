using System.Text.Json;
using Sluice.Domain.Items;

namespace Sluice.Cli.Tests.Library;

/// <summary>
/// `ctl library …` against a real node with a real sftp vault: each tool plans without changing
/// anything, then applies to the library, the vault and the items' journals alike.
/// </summary>
public sealed class LibrarySpecs
{
    private const string Show = "Shows/Show X";

    [Fact(Timeout = 120_000)]
    public async Task Moving_a_show_plans_without_changes_then_moves_library_vault_and_journal_and_later_episodes_follow()
    {
        await using var rig = await LibraryRig.CreateAsync();
        var first = await rig.FinishedItemAsync(
            $"{Show}/Season 01/Show X - S01E01.mkv",
            nativeTitle: "ショーX",
            encoded: true
        );
        var evicted = await rig.FinishedItemAsync(
            $"{Show}/Season 01/Show X - S01E02.mkv",
            evicted: true
        );
        await using var node = await rig.StartNodeAsync();
        var before = await rig.SnapshotAsync();

        var (planCode, plan) = await rig.CtlAsync(
            "library",
            "move",
            Show,
            "--to",
            "Premiered",
            "--native-title"
        );
        var afterPlan = await rig.SnapshotAsync();
        var (applyCode, applied) = await rig.CtlAsync(
            "library",
            "move",
            Show,
            "--to",
            "Premiered",
            "--native-title",
            "--apply"
        );

        planCode.ShouldBe(ExitCodes.Ok, plan);
        plan.ShouldContain(
            "move Shows/Show X/Season 01/Show X - S01E01.mkv → Premiered/Show X (ショーX)/Season 01/Show X - S01E01.mkv"
        );
        plan.ShouldContain("sftp:");
        plan.ShouldContain("Nothing changed");
        afterPlan.ShouldBe(before);
        applyCode.ShouldBe(ExitCodes.Ok, applied + rig.Pipeline.Tail());
        const string Moved = "Premiered/Show X (ショーX)/Season 01";
        var output = $"Encoded/{Moved}/Show X - S01E01.mp4";
        rig.LocalFiles().ShouldBe([output, $"{Moved}/Show X - S01E01.mkv"]);
        (await rig.RemoteFilesAsync()).ShouldBe([
            output,
            $"{Moved}/Show X - S01E01.mkv",
            $"{Moved}/Show X - S01E02.mkv",
        ]);
        foreach (var root in new[] { rig.Library, rig.Vault })
        {
            Directory.Exists(Path.Combine(root, Show)).ShouldBeFalse();
            Directory.Exists(Path.Combine(root, "Encoded", Show)).ShouldBeFalse();
        }

        var moved = await rig.ItemAsync(first);
        moved.LibraryPath.ShouldBe($"{Moved}/Show X - S01E01.mkv");
        moved.Output!.LibraryPath.ShouldBe(output);
        moved
            .Copies.Select(c => c.RemotePath)
            .ShouldBe([$"vault:{Moved}/Show X - S01E01.mkv", $"vault:{output}"], ignoreOrder: true);
        var gone = await rig.ItemAsync(evicted);
        gone.LibraryPath.ShouldBe($"{Moved}/Show X - S01E02.mkv");
        gone.Copies.ShouldHaveSingleItem().RemotePath.ShouldEndWith($"{Moved}/Show X - S01E02.mkv");
        (await rig.JournalTypesAsync(first)).ShouldContain("relocated");
        (
            await rig.Store.FollowRedirectAsync(
                $"{Show}/Season 01/Show X - S01E003.mkv",
                TestContext.Current.CancellationToken
            )
        ).ShouldBe($"{Moved}/Show X - S01E003.mkv");
    }

    [Fact(Timeout = 120_000)]
    public async Task A_plan_whose_target_is_taken_or_whose_items_are_still_in_the_pipeline_is_refused_and_changes_nothing()
    {
        await using var rig = await LibraryRig.CreateAsync();
        await rig.FinishedItemAsync($"{Show}/Show X - S01E01.mkv");
        var busy = await rig.FinishedItemAsync("Shows/Show Y/Show Y - S01E01.mkv", finished: false);
        var taken = Path.Combine(rig.Vault, Show, "Season 01", "Show X - S01E01.mkv");
        Directory.CreateDirectory(Path.GetDirectoryName(taken)!);
        await File.WriteAllTextAsync(
            taken,
            "someone else's file",
            TestContext.Current.CancellationToken
        );
        await using var node = await rig.StartNodeAsync();
        var before = await rig.SnapshotAsync();

        var (code, output) = await rig.CtlAsync("library", "season", Show, "--apply");
        var (busyCode, busyOutput) = await rig.CtlAsync(
            "library",
            "move",
            "Shows/Show Y",
            "--to",
            "Premiered",
            "--apply"
        );

        code.ShouldBe(ExitCodes.Refused, output);
        output.ShouldContain("never overwrites");
        output.ShouldContain("nothing changed");
        output.ShouldContain("already exists on sftp");
        busyCode.ShouldBe(ExitCodes.Refused, busyOutput);
        busyOutput.ShouldContain($"{busy.ToString()[..8]} Show Y - S01E01.mkv (vaulted)");
        busyOutput.ShouldContain("still in the pipeline");
        var (emptyCode, empty) = await rig.CtlAsync(
            "library",
            "move",
            "Shows/Nothing Here",
            "--to",
            "Premiered"
        );
        emptyCode.ShouldBe(ExitCodes.NotFound, empty);
        empty.ShouldContain("nothing to move");
        (await rig.SnapshotAsync()).ShouldBe(before);
    }

    [Fact(Timeout = 120_000)]
    public async Task Season_sorts_loose_episodes_into_a_season_folder_everywhere()
    {
        await using var rig = await LibraryRig.CreateAsync();
        var item = await rig.FinishedItemAsync($"{Show}/Show X - S02E01.mkv");
        await rig.FinishedItemAsync($"{Show}/Show X - S02E02.mkv", evicted: true);
        await using var node = await rig.StartNodeAsync();
        var before = await rig.SnapshotAsync();

        var (planCode, plan) = await rig.CtlAsync(
            "library",
            "season",
            Show,
            "--season",
            "2",
            "--json"
        );
        var afterPlan = await rig.SnapshotAsync();
        var (applyCode, applied) = await rig.CtlAsync(
            "library",
            "season",
            Show,
            "--season",
            "2",
            "--apply"
        );

        planCode.ShouldBe(ExitCodes.Ok, plan);
        JsonDocument.Parse(plan).RootElement.GetProperty("steps").GetArrayLength().ShouldBe(5);
        afterPlan.ShouldBe(before);
        applyCode.ShouldBe(ExitCodes.Ok, applied + rig.Pipeline.Tail());
        rig.LocalFiles().ShouldBe([$"{Show}/Season 02/Show X - S02E01.mkv"]);
        (await rig.RemoteFilesAsync()).ShouldBe([
            $"{Show}/Season 02/Show X - S02E01.mkv",
            $"{Show}/Season 02/Show X - S02E02.mkv",
        ]);
        (await rig.ItemAsync(item)).LibraryPath.ShouldBe($"{Show}/Season 02/Show X - S02E01.mkv");
    }

    [Fact(Timeout = 120_000)]
    public async Task Rename_gives_messy_names_their_clean_names_through_the_parser_and_templates()
    {
        await using var rig = await LibraryRig.CreateAsync();
        var messy = await rig.FinishedItemAsync($"{Show}/[Grp] Show X - 03 [1080p].mkv");
        var clean = await rig.FinishedItemAsync($"{Show}/Season 01/Show X - S01E04.mkv");
        await using var node = await rig.StartNodeAsync();
        var before = await rig.SnapshotAsync();

        var (planCode, plan) = await rig.CtlAsync("library", "rename", Show);
        var afterPlan = await rig.SnapshotAsync();
        var (applyCode, applied) = await rig.CtlAsync("library", "rename", Show, "--apply");

        planCode.ShouldBe(ExitCodes.Ok, plan);
        plan.ShouldContain(
            "[Grp] Show X - 03 [1080p].mkv → Shows/Show X/Season 01/Show X - S01E003.mkv"
        );
        afterPlan.ShouldBe(before);
        applyCode.ShouldBe(ExitCodes.Ok, applied + rig.Pipeline.Tail());
        string[] expected =
        [
            $"{Show}/Season 01/Show X - S01E003.mkv",
            $"{Show}/Season 01/Show X - S01E04.mkv",
        ];
        rig.LocalFiles().ShouldBe(expected);
        (await rig.RemoteFilesAsync()).ShouldBe(expected);
        (await rig.ItemAsync(messy)).LibraryPath.ShouldBe(expected[0]);
        (await rig.JournalTypesAsync(clean)).ShouldNotContain("relocated");
    }

    [Fact(Timeout = 120_000)]
    public async Task Rmdir_removes_only_empty_folders_locally_and_on_the_vault()
    {
        await using var rig = await LibraryRig.CreateAsync();
        await rig.FinishedItemAsync($"{Show}/Season 01/Show X - S01E01.mkv");
        foreach (var root in new[] { rig.Library, rig.Vault })
        {
            Directory.CreateDirectory(Path.Combine(root, Show, "Season 02", "Extras"));
            Directory.CreateDirectory(Path.Combine(root, "Shows", "Gone Show"));
        }

        await File.WriteAllTextAsync(
            Path.Combine(rig.Library, Show, "notes.txt"),
            "mine",
            TestContext.Current.CancellationToken
        );
        await using var node = await rig.StartNodeAsync();
        var before = await rig.SnapshotAsync();

        var (planCode, plan) = await rig.CtlAsync("library", "rmdir");
        var afterPlan = await rig.SnapshotAsync();
        var (applyCode, applied) = await rig.CtlAsync("library", "rmdir", "--apply");

        planCode.ShouldBe(ExitCodes.Ok, plan);
        plan.ShouldContain("remove folder Shows/Show X/Season 02/Extras/ if empty");
        afterPlan.ShouldBe(before);
        applyCode.ShouldBe(ExitCodes.Ok, applied + rig.Pipeline.Tail());
        LibraryRig.FoldersUnder(rig.Library).ShouldBe(["Shows", Show, $"{Show}/Season 01"]);
        LibraryRig.FoldersUnder(rig.Vault).ShouldBe(["Shows", Show, $"{Show}/Season 01"]);
        rig.LocalFiles().ShouldBe([$"{Show}/Season 01/Show X - S01E01.mkv", $"{Show}/notes.txt"]);
        var (againCode, again) = await rig.CtlAsync("library", "rmdir", "--apply");
        againCode.ShouldBe(ExitCodes.Ok, again);
        again.ShouldContain("Nothing to do.");
    }

    [Fact(Timeout = 120_000)]
    public async Task Deleting_a_show_needs_a_confirmation_and_deletes_only_its_own_files_everywhere()
    {
        await using var rig = await LibraryRig.CreateAsync();
        var item = await rig.FinishedItemAsync($"{Show}/Season 01/Show X - S01E01.mkv");
        await rig.FinishedItemAsync($"{Show}/Season 01/Show X - S01E02.mkv", evicted: true);
        var other = await rig.FinishedItemAsync("Shows/Show Y/Season 01/Show Y - S01E01.mkv");
        await File.WriteAllTextAsync(
            Path.Combine(rig.Library, Show, "notes.txt"),
            "mine",
            TestContext.Current.CancellationToken
        );
        await using var node = await rig.StartNodeAsync();
        var before = await rig.SnapshotAsync();

        var (planCode, plan) = await rig.CtlAsync("library", "delete", Show);
        var (unconfirmed, refusal) = await rig.CtlAsync("library", "delete", Show, "--apply");
        var afterPlan = await rig.SnapshotAsync();
        var (applyCode, applied) = await rig.CtlAsync(
            "library",
            "delete",
            Show,
            "--apply",
            "--yes"
        );

        planCode.ShouldBe(ExitCodes.Ok, plan);
        plan.ShouldContain("notes.txt: not a file of Sluice's; left alone");
        unconfirmed.ShouldBe(ExitCodes.Usage, refusal);
        refusal.ShouldContain("--yes");
        afterPlan.ShouldBe(before);
        applyCode.ShouldBe(ExitCodes.Ok, applied + rig.Pipeline.Tail());
        rig.LocalFiles()
            .ShouldBe([$"{Show}/notes.txt", "Shows/Show Y/Season 01/Show Y - S01E01.mkv"]);
        (await rig.RemoteFilesAsync()).ShouldBe(["Shows/Show Y/Season 01/Show Y - S01E01.mkv"]);
        var removed = await rig.ItemAsync(item);
        removed.Removed.ShouldBeTrue();
        removed.State.ShouldBe(ItemState.Cancelled);
        (await rig.JournalTypesAsync(item)).ShouldContain("removed");
        (await rig.ItemAsync(other)).State.ShouldBe(ItemState.Notified);
    }
}
