using Sluice.Node.Files;
using Sluice.Testing;

namespace Sluice.Node.Tests.Files;

public sealed class SafeMoveSpecs
{
    [Fact]
    public void A_move_never_replaces_an_existing_file()
    {
        using var dir = new TempDirectory();
        var source = dir.Combine("new.mkv");
        var target = dir.Combine("old.mkv");
        File.WriteAllText(source, "new");
        File.WriteAllText(target, "old");

        Should.Throw<DestinationExistsException>(() => SafeMove.Move(source, target, ".tmp-1"));

        File.ReadAllText(target).ShouldBe("old");
        File.ReadAllText(source).ShouldBe("new");
    }

    [Fact]
    public void A_move_on_one_filesystem_is_a_rename()
    {
        using var dir = new TempDirectory();
        var source = dir.Combine("a.mkv");
        File.WriteAllText(source, "bytes");
        var inode = new FileInfo(source).LastWriteTimeUtc;

        SafeMove.Move(source, dir.Combine("b.mkv"), ".tmp-1");

        File.Exists(source).ShouldBeFalse();
        File.ReadAllText(dir.Combine("b.mkv")).ShouldBe("bytes");
        new FileInfo(dir.Combine("b.mkv")).LastWriteTimeUtc.ShouldBe(inode);
    }

    [Fact]
    public void A_move_across_filesystems_copies_then_renames_and_leaves_no_temp()
    {
        // /dev/shm is tmpfs, a different filesystem from the temp folder's disk.
        var shm = Path.Combine("/dev/shm", $"sluice-{Guid.NewGuid():N}");
        Directory.CreateDirectory(shm);
        using var dir = new TempDirectory();
        try
        {
            var source = Path.Combine(shm, "a.mkv");
            File.WriteAllBytes(source, new byte[3 * 1024 * 1024 + 7]);

            SafeMove.Move(source, dir.Combine("a.mkv"), ".sluice-tmp-x-1");

            File.Exists(source).ShouldBeFalse();
            new FileInfo(dir.Combine("a.mkv")).Length.ShouldBe(3 * 1024 * 1024 + 7);
            Directory.GetFiles(dir.Path).ShouldBe([dir.Combine("a.mkv")]);
        }
        finally
        {
            Directory.Delete(shm, recursive: true);
        }
    }

    [Fact]
    public void A_move_across_filesystems_never_replaces_either()
    {
        var shm = Path.Combine("/dev/shm", $"sluice-{Guid.NewGuid():N}");
        Directory.CreateDirectory(shm);
        using var dir = new TempDirectory();
        try
        {
            var source = Path.Combine(shm, "a.mkv");
            File.WriteAllText(source, "new");
            File.WriteAllText(dir.Combine("a.mkv"), "old");

            Should.Throw<DestinationExistsException>(() =>
                SafeMove.Move(source, dir.Combine("a.mkv"), ".sluice-tmp-x-1")
            );

            File.ReadAllText(dir.Combine("a.mkv")).ShouldBe("old");
            File.Exists(source).ShouldBeTrue();
            File.Exists(dir.Combine(".sluice-tmp-x-1")).ShouldBeFalse();
        }
        finally
        {
            Directory.Delete(shm, recursive: true);
        }
    }

    [Fact]
    public void Sweeping_removes_only_this_items_leftovers()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.Combine(".sluice-tmp-item1-7"), "");
        File.WriteAllText(dir.Combine(".sluice-tmp-item2-8"), "");
        File.WriteAllText(dir.Combine("keep.mkv"), "");

        SafeMove.SweepTemps(dir.Path, ".sluice-tmp-item1-").ShouldBe(1);

        Directory
            .GetFiles(dir.Path)
            .Select(Path.GetFileName)
            .Order()
            .ShouldBe([".sluice-tmp-item2-8", "keep.mkv"]);
    }
}
