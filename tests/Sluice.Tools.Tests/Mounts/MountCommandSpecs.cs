using Sluice.Tools.Mounts;

namespace Sluice.Tools.Tests.Mounts;

/// <summary>The daemons' argument lists, rendered without launching them.</summary>
public sealed class MountCommandSpecs
{
    [Fact]
    public void An_rclone_mount_runs_in_the_foreground_with_the_settings_users_know()
    {
        var command = new RcloneMountCommand("gdrive:Media", "/mnt/vault")
        {
            ConfigPath = "/etc/sluice/rclone.conf",
            CacheDir = "/var/cache/rclone-vault",
            VfsCacheMaxSize = "50G",
            VfsCacheMaxAge = TimeSpan.FromHours(24),
            DirCacheTime = TimeSpan.FromHours(1),
            PollInterval = TimeSpan.FromMinutes(1),
            BufferSize = "32M",
            ExtraArguments = ["--max-read-ahead", "200M"],
        };

        command
            .ToArguments()
            .ShouldBe([
                "mount",
                "gdrive:Media",
                "/mnt/vault",
                "--config",
                "/etc/sluice/rclone.conf",
                "--read-only",
                "--allow-other",
                "--umask",
                "022",
                "--vfs-cache-mode",
                "full",
                "--cache-dir",
                "/var/cache/rclone-vault",
                "--vfs-cache-max-size",
                "50G",
                "--vfs-cache-max-age",
                "86400s",
                "--buffer-size",
                "32M",
                "--dir-cache-time",
                "3600s",
                "--poll-interval",
                "60s",
                "--max-read-ahead",
                "200M",
            ]);
        command.ToArguments().ShouldNotContain("--daemon");
    }

    [Fact]
    public void A_writable_mount_without_allow_other_leaves_those_flags_out()
    {
        new RcloneMountCommand("box:", "/mnt/box")
        {
            ReadOnly = false,
            AllowOther = false,
            Umask = null,
        }
            .ToArguments()
            .ShouldBe(["mount", "box:", "/mnt/box", "--vfs-cache-mode", "full"]);
    }

    [Fact]
    public void Mergerfs_takes_its_branches_in_order_with_their_modes_and_the_deploy_units_options()
    {
        MergerfsBranch.TryParse("/srv/media/Library=RW", out var library).ShouldBeTrue();
        MergerfsBranch.TryParse("/mnt/vault=RO", out var vault).ShouldBeTrue();
        MergerfsBranch.TryParse("/data/.Local", out var bare).ShouldBeTrue();
        bare.Mode.ShouldBe("RW");
        MergerfsBranch.TryParse("/a:/b", out _).ShouldBeFalse("':' separates branches");
        MergerfsBranch.TryParse("/mnt/vault=RX", out _).ShouldBeFalse();

        new MergerfsCommand([library, vault], "/srv/media/Union") { FsName = "sluice-media" }
            .ToArguments()
            .ShouldBe([
                "-f",
                "-o",
                "allow_other,use_ino,cache.files=partial,dropcacheonclose=true,category.create=ff,statfs_ignore=ro,xattr=nosys,fsname=sluice-media",
                "/srv/media/Library=RW:/mnt/vault=RO",
                "/srv/media/Union",
            ]);
    }
}
