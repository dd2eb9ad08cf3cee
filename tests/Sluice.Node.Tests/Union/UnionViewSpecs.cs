namespace Sluice.Node.Tests.Union;

/// <summary>
/// The union view of deploy/home, for real: mergerfs over the library and an rclone mount of a
/// vault served by <c>rclone serve sftp</c>, with the deploy units' options. What a media server
/// reading the union sees while files are local, after tiering evicted them, and when the mount dies.
/// </summary>
public sealed class UnionViewSpecs
{
    private const string Episode1 = "Shows/Show (2020)/Season 01/Show (2020) - S01E01.mkv";
    private const string Episode2 = "Shows/Show (2020)/Season 01/Show (2020) - S01E02.mkv";
    private const string Episode3 = "Shows/Show (2020)/Season 01/Show (2020) - S01E03.mkv";
    private const string Movie = "Movies/Film (1999)/Film (1999).mkv";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_file_in_the_library_is_read_from_the_local_disk_not_the_vault()
    {
        await using var world = await UnionWorld.StartAsync(Ct);
        // Same path, different bytes: whichever the union returns names the branch it read.
        await UnionWorld.WriteAsync(world.InLibrary(Episode1), UnionWorld.Bytes(1), Ct);
        await UnionWorld.WriteAsync(world.InVault(Episode1), UnionWorld.Bytes(2), Ct);
        await world.MountAsync(Ct);

        var read = await File.ReadAllBytesAsync(world.InUnion(Episode1), Ct);

        read.ShouldBe(UnionWorld.Bytes(1));
    }

    [Fact]
    public async Task A_file_new_in_the_library_shows_in_the_union_at_once()
    {
        await using var world = await UnionWorld.StartAsync(Ct);
        await UnionWorld.WriteAsync(world.InLibrary(Episode1), UnionWorld.Bytes(1), Ct);
        await world.MountAsync(Ct);
        // The media server has already listed the season: nothing stale may hide the new file.
        Directory.GetFiles(Path.GetDirectoryName(world.InUnion(Episode1))!).Length.ShouldBe(1);

        await UnionWorld.WriteAsync(world.InLibrary(Episode2), UnionWorld.Bytes(2), Ct);

        Directory
            .GetFiles(Path.GetDirectoryName(world.InUnion(Episode1))!)
            .Select(Path.GetFileName)
            .ShouldBe([Path.GetFileName(Episode1), Path.GetFileName(Episode2)], ignoreOrder: true);
        (await File.ReadAllBytesAsync(world.InUnion(Episode2), Ct)).ShouldBe(UnionWorld.Bytes(2));
    }

    [Fact]
    public async Task A_file_created_through_the_union_lands_in_the_library_never_in_the_vault()
    {
        await using var world = await UnionWorld.StartAsync(Ct);
        // The season folder exists only in the vault: category.create=ff still picks the library.
        await UnionWorld.WriteAsync(world.InVault(Episode1), UnionWorld.Bytes(1), Ct);
        await world.MountAsync(Ct);

        await File.WriteAllBytesAsync(world.InUnion(Episode2), UnionWorld.Bytes(2), Ct);

        (await File.ReadAllBytesAsync(world.InLibrary(Episode2), Ct)).ShouldBe(UnionWorld.Bytes(2));
        File.Exists(world.InVault(Episode2)).ShouldBeFalse();
    }

    [Fact]
    public async Task The_union_lists_the_merged_tree_once()
    {
        await using var world = await UnionWorld.StartAsync(Ct);
        await UnionWorld.WriteAsync(world.InLibrary(Episode1), UnionWorld.Bytes(1), Ct); // local only
        await UnionWorld.WriteAsync(world.InLibrary(Episode2), UnionWorld.Bytes(2), Ct); // both
        await UnionWorld.WriteAsync(world.InVault(Episode2), UnionWorld.Bytes(2), Ct);
        await UnionWorld.WriteAsync(world.InVault(Episode3), UnionWorld.Bytes(3), Ct); // evicted
        await UnionWorld.WriteAsync(world.InVault(Movie), UnionWorld.Bytes(4), Ct); // evicted
        await world.MountAsync(Ct);

        var listed = Directory
            .EnumerateFileSystemEntries(world.Union.Path, "*", SearchOption.AllDirectories)
            .Select(entry => Path.GetRelativePath(world.Union.Path, entry))
            .Order(StringComparer.Ordinal)
            .ToList();

        listed.ShouldBe([
            "Movies",
            "Movies/Film (1999)",
            Movie,
            "Shows",
            "Shows/Show (2020)",
            "Shows/Show (2020)/Season 01",
            Episode1,
            Episode2,
            Episode3,
        ]);
    }

    [Fact]
    public async Task When_the_cloud_mount_dies_evicted_files_fail_at_once_and_local_files_still_play()
    {
        await using var world = await UnionWorld.StartAsync(Ct);
        await UnionWorld.WriteAsync(world.InLibrary(Episode1), UnionWorld.Bytes(1), Ct);
        await UnionWorld.WriteAsync(world.InVault(Episode2), UnionWorld.Bytes(2), Ct);
        await UnionWorld.WriteAsync(world.InVault(Episode3), UnionWorld.Bytes(3), Ct);
        await world.MountAsync(Ct);
        (await File.ReadAllBytesAsync(world.InUnion(Episode2), Ct)).ShouldBe(UnionWorld.Bytes(2));

        world.Union.KillCloudMount();

        // Bounded: a read that hangs would hang the media server too, which is what this guards.
        var season = Path.GetDirectoryName(world.InUnion(Episode1))!;
        var (justPlayed, notLookedUp, listing, local, cloudBranch) = await Task.Run(
                () =>
                    (
                        Record.Exception(() => File.ReadAllBytes(world.InUnion(Episode2))),
                        Record.Exception(() => File.ReadAllBytes(world.InUnion(Episode3))),
                        Directory.GetFiles(season).Select(Path.GetFileName).ToList(),
                        File.ReadAllBytes(world.InUnion(Episode1)),
                        Record.Exception(() => Directory.GetFiles(world.Union.CloudMount))
                    ),
                Ct
            )
            .WaitAsync(TimeSpan.FromSeconds(10), Ct);

        // Nothing hangs. A file the kernel still knows from a moment ago (mergerfs's 1 s entry
        // cache) fails with the dead mount's ENOTCONN; any other evicted file is simply not
        // there (ENOENT): mergerfs skips the dead branch, so the season lists its local files only.
        justPlayed
            .ShouldBeAssignableTo<IOException>(justPlayed?.ToString())!
            .Message.ShouldContain("Transport endpoint is not connected");
        notLookedUp.ShouldBeOfType<FileNotFoundException>(notLookedUp?.ToString());
        listing.ShouldBe([Path.GetFileName(Episode1)]);
        local.ShouldBe(UnionWorld.Bytes(1));
        cloudBranch
            .ShouldBeAssignableTo<IOException>()!
            .Message.ShouldContain("Transport endpoint is not connected");
    }

    [Fact]
    public async Task When_the_cloud_mount_comes_back_evicted_files_read_again_without_restarting_mergerfs()
    {
        await using var world = await UnionWorld.StartAsync(Ct);
        await UnionWorld.WriteAsync(world.InVault(Episode2), UnionWorld.Bytes(2), Ct);
        await world.MountAsync(Ct);
        world.Union.KillCloudMount();

        await world.Union.RestartCloudMountAsync(Ct);

        var read = await File.ReadAllBytesAsync(world.InUnion(Episode2), Ct)
            .WaitAsync(TimeSpan.FromSeconds(10), Ct);
        read.ShouldBe(UnionWorld.Bytes(2));
    }
}
