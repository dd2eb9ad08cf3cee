using Sluice.Tools.Rclone;

namespace Sluice.Tools.Tests.Rclone;

public sealed class RcloneArgumentsSpecs
{
    private static readonly RcloneOptions Options = new()
    {
        ConfigPath = "/etc/sluice/rclone.conf",
        GlobalFlags = ["--bwlimit", "8M"],
    };

    private static readonly string[] Global =
    [
        "--config",
        "/etc/sluice/rclone.conf",
        "--ask-password=false",
        "--bwlimit",
        "8M",
    ];

    [Fact]
    public void Copyto_names_the_exact_destination_and_asks_for_json_stats_every_interval()
    {
        var arguments = RcloneArguments.CopyTo(
            Options with
            {
                StatsInterval = TimeSpan.FromMilliseconds(500),
            },
            "/data/in/Show - 01 [x].mkv",
            RemotePath.Parse("vault:Media").Combine("Show - 01 [x].mkv")
        );

        arguments.ShouldBe([
            "copyto",
            "/data/in/Show - 01 [x].mkv",
            "vault:Media/Show - 01 [x].mkv",
            "--use-json-log",
            "-v",
            "--stats",
            "0.5s",
            .. Global,
        ]);
    }

    [Fact]
    public void A_copy_the_caller_verifies_skips_rclones_own_checksum_pass()
    {
        var upload = RcloneArguments.CopyTo(
            Options,
            "/data/a.mkv",
            RemotePath.Parse("vault:a.mkv"),
            PostCopyCheck.Caller
        );
        var replica = RcloneArguments.CopyBetween(
            Options,
            RemotePath.Parse("vault:a.mkv"),
            RemotePath.Parse("mirror:a.mkv"),
            PostCopyCheck.Caller
        );

        upload.ShouldContain("--ignore-checksum");
        replica.ShouldContain("--ignore-checksum");
        RcloneArguments
            .CopyTo(Options, "/data/a.mkv", RemotePath.Parse("vault:a.mkv"))
            .ShouldNotContain("--ignore-checksum");
    }

    [Fact]
    public void Copyto_refuses_a_relative_local_file()
    {
        Should.Throw<ArgumentException>(() =>
            RcloneArguments.CopyTo(Options, "-rf", RemotePath.Parse("vault:x"))
        );
    }

    [Fact]
    public void Stat_asks_for_each_hash_type_and_no_mime_type()
    {
        var arguments = RcloneArguments.Stat(
            Options,
            RemotePath.Parse("vault:a.mkv"),
            [HashType.Md5, HashType.Sha1]
        );

        arguments.ShouldBe([
            "lsjson",
            "vault:a.mkv",
            "--stat",
            "--no-mimetype",
            "--hash",
            "--hash-type",
            "md5",
            "--hash-type",
            "sha1",
            .. Global,
        ]);
    }

    [Fact]
    public void Stat_without_hash_types_skips_hashing()
    {
        var arguments = RcloneArguments.Stat(new RcloneOptions(), RemotePath.Local("/v/a.mkv"), []);

        arguments.ShouldBe([
            "lsjson",
            "/v/a.mkv",
            "--stat",
            "--no-mimetype",
            "--ask-password=false",
        ]);
    }

    [Fact]
    public void List_moveto_deletefile_and_features_render_their_subcommands()
    {
        var a = RemotePath.Parse("vault:x/a.tmp");
        var b = RemotePath.Parse("vault:x/a.mkv");

        RcloneArguments
            .List(Options, RemotePath.Parse("vault:x"))
            .ShouldBe(["lsjson", "vault:x", "--no-mimetype", .. Global]);
        RcloneArguments
            .MoveTo(Options, a, b)
            .ShouldBe(["moveto", "vault:x/a.tmp", "vault:x/a.mkv", .. Global]);
        RcloneArguments.DeleteFile(Options, b).ShouldBe(["deletefile", "vault:x/a.mkv", .. Global]);
        RcloneArguments
            .Features(Options, RemotePath.Parse("vault:"))
            .ShouldBe(["backend", "features", "vault:", .. Global]);
    }

    [Fact]
    public void A_connection_string_is_passed_as_one_argument()
    {
        var remote = RemotePath.Parse(":sftp,host=h,user=u,pass='p q':dir");

        RcloneArguments
            .DeleteFile(new RcloneOptions(), remote.Combine("a.mkv"))[1]
            .ShouldBe(":sftp,host=h,user=u,pass='p q':dir/a.mkv");
    }
}
