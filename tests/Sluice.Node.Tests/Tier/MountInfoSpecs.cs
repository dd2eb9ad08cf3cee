using Sluice.Node.Tier;

namespace Sluice.Node.Tests.Tier;

public sealed class MountInfoSpecs
{
    private static readonly string[] Lines =
    [
        "22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw",
        "40 22 8:17 / /srv/media rw,noatime shared:2 - xfs /dev/sdb1 rw",
        "41 22 8:17 /encoded /srv/encoded\\040out rw,noatime shared:3 - xfs /dev/sdb1 rw",
        "42 40 0:55 / /srv/media/Encoded rw,relatime - tmpfs tmpfs rw,size=16384k",
    ];

    [Fact]
    public void Each_path_is_on_the_deepest_mount_above_it_and_noatime_mounts_are_known()
    {
        var mounts = MountInfoVolumes.Parse(Lines);

        mounts.Of("/srv/media/Shows/a.mkv").ShouldBe(new Volume("8:17", "/srv/media", false));
        mounts
            .Of("/srv/media/Encoded/Shows/a.mp4")
            .ShouldBe(new Volume("0:55", "/srv/media/Encoded", true));
        mounts.Of("/srv/mediaX/a.mkv").MountPoint.ShouldBe("/");
        mounts.Of("/srv/encoded out/x.mp4").MountPoint.ShouldBe("/srv/encoded out");
    }

    [Fact]
    public void Two_mount_points_of_one_filesystem_are_one_volume()
    {
        var mounts = MountInfoVolumes.Parse(Lines);

        mounts.Of("/srv/encoded out/x.mp4").Id.ShouldBe(mounts.Of("/srv/media/a.mkv").Id);
    }

    [Fact]
    public void This_machine_has_a_root_volume()
    {
        new MountInfoVolumes().Mounts().Of("/").MountPoint.ShouldBe("/");
    }
}
