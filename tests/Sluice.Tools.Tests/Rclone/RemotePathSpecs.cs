using Sluice.Tools.Rclone;

namespace Sluice.Tools.Tests.Rclone;

public sealed class RemotePathSpecs
{
    [Theory]
    [InlineData("vault:Media", "Shows/a.mkv", "vault:Media/Shows/a.mkv")]
    [InlineData("vault:Media/", "a.mkv", "vault:Media/a.mkv")]
    [InlineData("vault:", "a.mkv", "vault:a.mkv")] // not "vault:/a.mkv", which is absolute on sftp
    [InlineData("vault:/", "a.mkv", "vault:/a.mkv")]
    [InlineData("/data/vault", "Shows/a b.mkv", "/data/vault/Shows/a b.mkv")]
    [InlineData("/", "a.mkv", "/a.mkv")]
    [InlineData(":sftp,host=h,user=u:dir", "a.mkv", ":sftp,host=h,user=u:dir/a.mkv")]
    [InlineData(":sftp,host=h:", "a.mkv", ":sftp,host=h:a.mkv")]
    [InlineData(":local:/data", "a:b.mkv", ":local:/data/a:b.mkv")]
    public void Combine_appends_with_the_separator_each_form_needs(
        string root,
        string relative,
        string expected
    )
    {
        RemotePath.Parse(root).Combine(relative).ToString().ShouldBe(expected);
    }

    [Theory]
    [InlineData("vault:Media", RemotePathKind.Configured, "vault:", "Media")]
    [InlineData("my remote.2:x", RemotePathKind.Configured, "my remote.2:", "x")]
    [InlineData("/data/vault/", RemotePathKind.Local, "", "/data/vault")]
    [InlineData(
        ":sftp,host=h,pass='a:b':dir",
        RemotePathKind.ConnectionString,
        ":sftp,host=h,pass='a:b':",
        "dir"
    )]
    [InlineData(
        ":sftp,pass=\"x\"\"y:z\":dir",
        RemotePathKind.ConnectionString,
        ":sftp,pass=\"x\"\"y:z\":",
        "dir"
    )]
    public void Parse_splits_the_remote_from_the_path(
        string value,
        RemotePathKind kind,
        string remote,
        string path
    )
    {
        var parsed = RemotePath.Parse(value);

        parsed.Kind.ShouldBe(kind);
        parsed.Remote.ShouldBe(remote);
        parsed.Path.ShouldBe(path);
    }

    [Theory]
    [InlineData("relative/path")]
    [InlineData("-flag:x")]
    [InlineData("dir/a:b")]
    [InlineData(":sftp,host=h")]
    [InlineData("::x")]
    public void Parse_refuses_what_rclone_would_misread(string value)
    {
        Should.Throw<FormatException>(() => RemotePath.Parse(value));
    }

    [Theory]
    [InlineData("../escape.mkv")]
    [InlineData("a/../../b")]
    [InlineData("/absolute")]
    [InlineData("a//b")]
    [InlineData("./a")]
    [InlineData("a/")]
    public void Combine_refuses_paths_that_could_leave_the_root(string relative)
    {
        Should.Throw<ArgumentException>(() => RemotePath.Parse("vault:Media").Combine(relative));
    }

    [Fact]
    public void A_connection_string_hides_its_parameters_when_redacted()
    {
        var path = RemotePath.Parse(":sftp,host=h,pass=secret:dir").Combine("a.mkv");

        path.Redacted.ShouldBe(":sftp,***:dir/a.mkv");
        path.ToString().ShouldContain("pass=secret");
        RemotePath.Parse("vault:dir").Redacted.ShouldBe("vault:dir");
    }

    [Fact]
    public void Name_is_the_last_segment()
    {
        RemotePath.Parse("vault:Media/Shows/a.mkv").Name.ShouldBe("a.mkv");
        RemotePath.Parse("vault:").Name.ShouldBe("");
    }
}
