using System.Net.Http.Json;
using System.Text.Json;
using Sluice.Cli.Tests.EndToEnd;
using Sluice.Domain.Items;
using Sluice.Testing;

namespace Sluice.Cli.Tests.Library;

/// <summary>
/// A real `sluice run` SIGKILLed in the middle of applying a library operation, then started
/// again: the operation resumes from its recorded progress and ends with the library, the vault
/// and the journals in agreement, each item's journal entry written once. One spec per
/// tool: move, season, rename, delete and folder removal.
/// </summary>
public sealed class LibraryCrashSpecs
{
    private const string Show = "Shows/Show X";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact(Timeout = 180_000)]
    public async Task A_show_move_killed_halfway_resumes_after_a_restart_and_ends_in_agreement()
    {
        await using var rig = await LibraryRig.CreateAsync();
        var ids = new List<ItemId>();
        for (var e = 1; e <= 8; e++)
        {
            ids.Add(
                await rig.FinishedItemAsync(
                    $"{Show}/Season 01/Show X - S01E{e:00}.mkv",
                    evicted: e == 8
                )
            );
        }

        var op = await KillHalfwayAndResumeAsync(
            rig,
            "move",
            $"folder={Uri.EscapeDataString(Show)}&to=Premiered",
            killAfter: 4
        );

        string[] expected =
        [
            .. Enumerable
                .Range(1, 8)
                .Select(e => $"Premiered/Show X/Season 01/Show X - S01E{e:00}.mkv"),
        ];
        rig.LocalFiles().ShouldBe(expected[..7]);
        (await rig.RemoteFilesAsync()).ShouldBe(expected);
        Directory.Exists(Path.Combine(rig.Vault, Show)).ShouldBeFalse();
        for (var i = 0; i < ids.Count; i++)
        {
            (await rig.ItemAsync(ids[i])).LibraryPath.ShouldBe(expected[i]);
            (await rig.JournalTypesAsync(ids[i])).Count(t => t == "relocated").ShouldBe(1);
        }

        (await rig.Store.FollowRedirectAsync($"{Show}/Season 01/x.mkv", Ct)).ShouldBe(
            "Premiered/Show X/Season 01/x.mkv"
        );
        op.GetProperty("attempt").GetInt32().ShouldBe(2);
    }

    [Fact(Timeout = 180_000)]
    public async Task Sorting_into_a_season_killed_halfway_resumes_after_a_restart_and_ends_in_agreement()
    {
        await using var rig = await LibraryRig.CreateAsync();
        var ids = new List<ItemId>();
        for (var e = 1; e <= 8; e++)
        {
            ids.Add(
                await rig.FinishedItemAsync($"{Show}/Show X - S02E{e:00}.mkv", evicted: e == 8)
            );
        }

        await KillHalfwayAndResumeAsync(
            rig,
            "season",
            $"folder={Uri.EscapeDataString(Show)}&season=2",
            killAfter: 4
        );

        string[] expected =
        [
            .. Enumerable.Range(1, 8).Select(e => $"{Show}/Season 02/Show X - S02E{e:00}.mkv"),
        ];
        rig.LocalFiles().ShouldBe(expected[..7]);
        (await rig.RemoteFilesAsync()).ShouldBe(expected);
        for (var i = 0; i < ids.Count; i++)
        {
            (await rig.ItemAsync(ids[i])).LibraryPath.ShouldBe(expected[i]);
            (await rig.JournalTypesAsync(ids[i])).Count(t => t == "relocated").ShouldBe(1);
        }
    }

    [Fact(Timeout = 180_000)]
    public async Task A_rename_killed_halfway_resumes_after_a_restart_and_ends_in_agreement()
    {
        await using var rig = await LibraryRig.CreateAsync();
        var ids = new List<ItemId>();
        for (var e = 1; e <= 8; e++)
        {
            ids.Add(
                await rig.FinishedItemAsync(
                    $"{Show}/[Grp] Show X - {e:00} [1080p].mkv",
                    evicted: e == 8
                )
            );
        }

        await KillHalfwayAndResumeAsync(
            rig,
            "rename",
            $"folder={Uri.EscapeDataString(Show)}",
            killAfter: 4
        );

        string[] expected =
        [
            .. Enumerable.Range(1, 8).Select(e => $"{Show}/Season 01/Show X - S01E{e:000}.mkv"),
        ];
        rig.LocalFiles().ShouldBe(expected[..7]);
        (await rig.RemoteFilesAsync()).ShouldBe(expected);
        for (var i = 0; i < ids.Count; i++)
        {
            (await rig.ItemAsync(ids[i])).LibraryPath.ShouldBe(expected[i]);
            (await rig.JournalTypesAsync(ids[i])).Count(t => t == "relocated").ShouldBe(1);
        }
    }

    [Fact(Timeout = 180_000)]
    public async Task A_show_deletion_killed_halfway_resumes_after_a_restart_and_ends_in_agreement()
    {
        await using var rig = await LibraryRig.CreateAsync();
        var ids = new List<ItemId>();
        for (var e = 1; e <= 8; e++)
        {
            ids.Add(await rig.FinishedItemAsync($"{Show}/Season 01/Show X - S01E{e:00}.mkv"));
        }

        var kept = await rig.FinishedItemAsync("Shows/Show Y/Season 01/Show Y - S01E01.mkv");

        await KillHalfwayAndResumeAsync(
            rig,
            "delete",
            $"folder={Uri.EscapeDataString(Show)}&yes=true",
            killAfter: 4
        );

        rig.LocalFiles().ShouldBe(["Shows/Show Y/Season 01/Show Y - S01E01.mkv"]);
        (await rig.RemoteFilesAsync()).ShouldBe(["Shows/Show Y/Season 01/Show Y - S01E01.mkv"]);
        foreach (var id in ids)
        {
            (await rig.ItemAsync(id)).Removed.ShouldBeTrue();
            (await rig.JournalTypesAsync(id)).Count(t => t == "removed").ShouldBe(1);
        }

        (await rig.ItemAsync(kept)).State.ShouldBe(ItemState.Notified);
    }

    [Fact(Timeout = 180_000)]
    public async Task Removing_empty_folders_killed_halfway_resumes_after_a_restart_and_keeps_every_file()
    {
        await using var rig = await LibraryRig.CreateAsync();
        await rig.FinishedItemAsync($"{Show}/Season 01/Show X - S01E01.mkv");
        for (var s = 2; s <= 9; s++)
        {
            Directory.CreateDirectory(Path.Combine(rig.Vault, Show, $"Season {s:00}", "Extras"));
        }

        await KillHalfwayAndResumeAsync(rig, "rmdir", "folder=Shows", killAfter: 3);

        LibraryRig.FoldersUnder(rig.Vault).ShouldBe(["Shows", Show, $"{Show}/Season 01"]);
        (await rig.RemoteFilesAsync()).ShouldBe([$"{Show}/Season 01/Show X - S01E01.mkv"]);
        rig.LocalFiles().ShouldBe([$"{Show}/Season 01/Show X - S01E01.mkv"]);
    }

    /// <summary>
    /// Starts the operation on a real node and holds it mid-way without racing it: the vault's
    /// sftp server is frozen (SIGSTOP) the moment the apply is accepted, so the operation stops at
    /// its next remote step; short thaws let it on until its recorded progress passes
    /// <paramref name="killAfter"/> steps. The node is SIGKILLed while the server is frozen (a
    /// remote call in flight), the server thawed, the cut checked, the node started again and the
    /// operation followed to its end. Returns the finished operation.
    /// </summary>
    private static async Task<JsonElement> KillHalfwayAndResumeAsync(
        LibraryRig rig,
        string tool,
        string query,
        int killAfter
    )
    {
        long id;
        var server = rig.Pipeline.Sftp.Pid;
        await using (var node = await rig.StartNodeAsync())
        {
            using var response = await node.Http.PostAsync(
                $"/api/library/{tool}?{query}&apply=true",
                null,
                Ct
            );
            LinuxProcesses.Signal(server, LinuxProcesses.SigStop);
            try
            {
                var plan = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
                response.IsSuccessStatusCode.ShouldBeTrue(plan.ToString());
                id = plan.GetProperty("operation").GetInt64();
                var started = TimeProvider.System.GetTimestamp();
                while ((await rig.Store.LibraryOpAsync(id, Ct))!.StepsDone < killAfter)
                {
                    TimeProvider
                        .System.GetElapsedTime(started)
                        .ShouldBeLessThan(TimeSpan.FromSeconds(60), rig.Pipeline.Tail());
                    LinuxProcesses.Signal(server, LinuxProcesses.SigCont);
                    await Task.Delay(TimeSpan.FromMilliseconds(2), TimeProvider.System, Ct);
                    LinuxProcesses.Signal(server, LinuxProcesses.SigStop);
                    // Local steps and journal writes go on without the server: let them land.
                    await Task.Delay(TimeSpan.FromMilliseconds(50), TimeProvider.System, Ct);
                }

                await node.KillAsync();
            }
            finally
            {
                LinuxProcesses.Signal(server, LinuxProcesses.SigCont);
            }
        }

        var cut = (await rig.Store.LibraryOpAsync(id, Ct)).ShouldNotBeNull();
        cut.State.ShouldBe("running", "the kill landed after the operation ended");
        cut.StepsDone.ShouldBeLessThan(cut.StepsTotal);

        await using var restarted = await rig.StartNodeAsync();
        var op = await rig.WaitForOpAsync(restarted, id, TimeSpan.FromSeconds(90));
        op.GetProperty("state").GetString().ShouldBe("done", op.ToString() + rig.Pipeline.Tail());
        op.GetProperty("stepsDone").GetInt32().ShouldBe(cut.StepsTotal);
        var (code, listing) = await rig.CtlAsync("library", "ops");
        code.ShouldBe(ExitCodes.Ok, listing);
        listing.ShouldContain($"{cut.StepsTotal}/{cut.StepsTotal}");
        return op;
    }
}
