using System.Collections.Immutable;
using Sluice.Domain.Items;
using Sluice.Node.Notify;

namespace Sluice.Node.Tests.Notify;

public sealed class NotificationPayloadSpecs
{
    private static readonly Item Episode = new()
    {
        Id = ItemId.New(),
        SourceKey = "sha256:x",
        Name = "[Sub] Frieren - 07.mkv",
        IncomingPath = "/in/x.mkv",
        Size = 1_500_000_000,
        State = ItemState.Encoded,
        LibraryPath = "Shows/Frieren/Season 01/Frieren - S01E07.mkv",
        Media = new MediaSummary("episode", "Frieren", 1, [7], null),
        Output = new EncodeOutput(
            "hardsub",
            "Encoded/Shows/Frieren/Season 01/Frieren - S01E07.mp4",
            700_000_000,
            1440
        ),
    };

    [Fact]
    public void A_discord_embed_carries_title_size_duration_and_the_hardsub_colour()
    {
        var body = NotificationPayloads.Discord(
            Episode,
            new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero)
        );

        var embed = body["embeds"]![0]!;
        embed["title"]!.GetValue<string>().ShouldBe("Frieren - S01E07");
        embed["color"]!.GetValue<int>().ShouldBe(0xE67E22);
        var fields = embed["fields"]!
            .AsArray()
            .ToDictionary(
                f => f!["name"]!.GetValue<string>(),
                f => f!["value"]!.GetValue<string>()
            );
        fields["Size"].ShouldBe("1.4 GB");
        fields["Duration"].ShouldBe("0:24:00");
        embed["footer"]!["text"]!.GetValue<string>().ShouldContain(Episode.Id.ToString());
    }

    [Fact]
    public void Payloads_never_carry_vault_paths_or_urls()
    {
        var item = Episode with
        {
            Copies = ImmutableArray.Create(
                new VaultCopy(Artifact.Source, "gdrive", ":sftp,pass=hunter2:x", 1, "size")
            ),
        };

        var text =
            NotificationPayloads.Webhook(item, "webhook:a", DateTimeOffset.UnixEpoch).ToJsonString()
            + NotificationPayloads.Discord(item, DateTimeOffset.UnixEpoch).ToJsonString();

        text.ShouldNotContain("hunter2");
        text.ShouldContain("gdrive");
    }

    [Theory]
    [InlineData(0, "0 B")]
    [InlineData(1023, "1023 B")]
    [InlineData(1536, "1.5 KB")]
    [InlineData(350L * 1024 * 1024, "350 MB")]
    public void Sizes_read_like_people_write_them(long bytes, string text) =>
        NotificationPayloads.Bytes(bytes).ShouldBe(text);

    [Fact]
    public void With_AniList_facts_the_embed_links_the_show_shows_its_cover_studio_and_score()
    {
        var item = Episode with
        {
            Media = Episode.Media! with
            {
                Details = new MediaDetails("anilist", 154587, "https://anilist.co/anime/154587")
                {
                    CoverUrl =
                        "https://s4.anilist.co/file/anilistcdn/media/anime/cover/large/bx154587.jpg",
                    Studio = "Madhouse",
                    Score = 91,
                    Popularity = 250000,
                },
            },
        };

        var embed = NotificationPayloads.Discord(item, DateTimeOffset.UnixEpoch)["embeds"]![0]!;

        embed["url"]!.GetValue<string>().ShouldBe("https://anilist.co/anime/154587");
        embed["thumbnail"]!["url"]!.GetValue<string>().ShouldEndWith("bx154587.jpg");
        var fields = embed["fields"]!
            .AsArray()
            .ToDictionary(
                f => f!["name"]!.GetValue<string>(),
                f => f!["value"]!.GetValue<string>()
            );
        fields["Studio"].ShouldBe("Madhouse");
        fields["Score"].ShouldBe("91% · 250,000 members");
    }

    [Fact]
    public void A_cover_or_link_that_is_not_a_web_address_is_left_out()
    {
        var item = Episode with
        {
            Media = Episode.Media! with
            {
                Details = new MediaDetails("anilist", 1, "javascript:alert(1)")
                {
                    CoverUrl = "file:///etc/passwd",
                },
            },
        };

        var embed = NotificationPayloads.Discord(item, DateTimeOffset.UnixEpoch)["embeds"]![
            0
        ]!.AsObject();

        embed.ContainsKey("url").ShouldBeFalse();
        embed.ContainsKey("thumbnail").ShouldBeFalse();
    }

    private static Item EpisodeOf(int episode, string? profile = "hardsub") =>
        Episode with
        {
            Id = ItemId.New(),
            Media = Episode.Media! with { Episodes = [episode] },
            Output = profile is null ? null : Episode.Output! with { Profile = profile },
        };

    [Fact]
    public void A_burst_is_one_embed_that_lists_its_episodes_in_order_with_their_totals()
    {
        var items = new[] { EpisodeOf(9), EpisodeOf(7), EpisodeOf(8) };

        var body = NotificationPayloads.Discord(items, DateTimeOffset.UnixEpoch);

        var embed = body["embeds"]!.AsArray().ShouldHaveSingleItem()!;
        embed["title"]!.GetValue<string>().ShouldBe("Frieren - S01E07-E09");
        embed["color"]!.GetValue<int>().ShouldBe(0xE67E22);
        var description = embed["description"]!.GetValue<string>();
        description
            .IndexOf("`S01E07`", StringComparison.Ordinal)
            .ShouldBeLessThan(description.IndexOf("`S01E08`", StringComparison.Ordinal));
        description.ShouldContain("`S01E09` · 0:24:00 · hardsub · 1.4 GB");
        var fields = embed["fields"]!
            .AsArray()
            .ToDictionary(
                f => f!["name"]!.GetValue<string>(),
                f => f!["value"]!.GetValue<string>()
            );
        fields["Episodes"].ShouldBe("3");
        fields["Size"].ShouldBe("4.2 GB");
        fields["Duration"].ShouldBe("1:12:00");
        fields["Subtitles"].ShouldBe("hardsub");
        var footer = embed["footer"]!["text"]!.GetValue<string>();
        items.ShouldAllBe(i => footer.Contains(i.Id.ToString(), StringComparison.Ordinal));
    }

    [Fact]
    public void A_burst_of_episodes_that_do_not_follow_on_names_each_and_mixed_subtitles_take_the_softsub_colour()
    {
        var body = NotificationPayloads.Discord(
            [EpisodeOf(1), EpisodeOf(4, profile: null)],
            DateTimeOffset.UnixEpoch
        );

        var embed = body["embeds"]![0]!;
        embed["title"]!.GetValue<string>().ShouldBe("Frieren - S01E01, E04");
        embed["color"]!.GetValue<int>().ShouldBe(0x3498DB);
    }

    [Fact]
    public void A_burst_carries_the_shows_AniList_cover_studio_score_and_link()
    {
        var details = new MediaDetails("anilist", 154587, "https://anilist.co/anime/154587")
        {
            CoverUrl = "https://s4.anilist.co/file/anilistcdn/media/anime/cover/large/bx154587.jpg",
            Studio = "Madhouse",
            Score = 91,
        };
        var items = new[] { EpisodeOf(1), EpisodeOf(2) }
            .Select(i => i with { Media = i.Media! with { Details = details } })
            .ToList();

        var embed = NotificationPayloads.Discord(items, DateTimeOffset.UnixEpoch)["embeds"]![0]!;

        embed["url"]!.GetValue<string>().ShouldBe("https://anilist.co/anime/154587");
        embed["thumbnail"]!["url"]!.GetValue<string>().ShouldEndWith("bx154587.jpg");
        var fields = embed["fields"]!
            .AsArray()
            .ToDictionary(
                f => f!["name"]!.GetValue<string>(),
                f => f!["value"]!.GetValue<string>()
            );
        fields["Studio"].ShouldBe("Madhouse");
        fields["Score"].ShouldBe("91%");
    }

    [Fact]
    public void A_title_from_a_file_name_cannot_ping_everyone()
    {
        var item = Episode with { Media = Episode.Media! with { Title = "@everyone" } };

        var body = NotificationPayloads.Discord(item, DateTimeOffset.UnixEpoch);

        body["allowed_mentions"]!["parse"]!.AsArray().ShouldBeEmpty();
    }
}
