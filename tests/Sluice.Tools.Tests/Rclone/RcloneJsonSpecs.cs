using Sluice.Tools.Rclone;

namespace Sluice.Tools.Tests.Rclone;

public sealed class RcloneJsonSpecs
{
    [Fact]
    public void A_json_log_stats_line_becomes_transfer_progress()
    {
        const string line =
            """{"level":"info","msg":"\nTransferred: ...","source":"accounting/stats.go:482","stats":{"bytes":1500000,"checks":0,"elapsedTime":1.5,"errors":0,"eta":3,"speed":500000.5,"totalBytes":3000000,"transfers":0},"time":"2026-11-21T21:01:23.34372+00:00"}""";

        RcloneJson.TryParseStats(line, out var progress).ShouldBeTrue();

        progress.ShouldBe(
            new TransferProgress(1500000, 3000000, 500000.5, TimeSpan.FromSeconds(3))
        );
        progress.Percent.ShouldBe(50);
    }

    [Theory]
    [InlineData("""{"level":"info","msg":"Copied (new)","object":"a.bin"}""")]
    [InlineData("2026/11/21 21:01:23 ERROR : plain text")]
    [InlineData("{ not json")]
    public void Other_lines_are_not_progress(string line)
    {
        RcloneJson.TryParseStats(line, out _).ShouldBeFalse();
    }

    [Fact]
    public void A_stats_line_without_eta_or_total_leaves_them_unknown()
    {
        RcloneJson
            .TryParseStats(
                """{"stats":{"bytes":10,"eta":null,"speed":0,"totalBytes":0}}""",
                out var progress
            )
            .ShouldBeTrue();

        progress.Eta.ShouldBeNull();
        progress.TotalBytes.ShouldBeNull();
        progress.Percent.ShouldBeNull();
    }

    [Fact]
    public void Lsjson_entries_carry_size_time_and_lower_case_hashes()
    {
        const string json = """
            [
            {"Path":"a.bin","Name":"a.bin","Size":3000000,"ModTime":"2026-11-21T21:01:23.288286245Z","IsDir":false,"Hashes":{"md5":"E500A4","sha1":""}},
            {"Path":"sub","Name":"sub","Size":-1,"ModTime":"2026-11-21T21:01:23Z","IsDir":true}
            ]
            """;

        var entries = RcloneJson.ParseEntries(json);

        entries.Count.ShouldBe(2);
        entries[0].Size.ShouldBe(3000000);
        entries[0]
            .ModTime.ShouldBe(
                new DateTimeOffset(2026, 11, 21, 21, 1, 23, TimeSpan.Zero).AddTicks(2882862)
            );
        entries[0].Hashes.ShouldBe(new Dictionary<HashType, string> { [HashType.Md5] = "e500a4" });
        entries[1].IsDir.ShouldBeTrue();
        entries[1].Hashes.ShouldBeEmpty();
    }

    [Fact]
    public void Backend_features_list_the_hash_types()
    {
        const string json =
            """{"Name":"local","Hashes":["md5","sha1","whirlpool"],"Features":{"About":true}}""";

        RcloneJson
            .ParseHashTypes(json)
            .ShouldBe(
                new HashSet<HashType> { HashType.Md5, HashType.Sha1, HashType.Parse("whirlpool") },
                ignoreOrder: true
            );
    }
}
