using Sluice.Domain.Naming;

namespace Sluice.Domain.Tests.Naming;

public sealed class ReleaseInfoFieldsTests
{
    [Fact]
    public void Fields_the_parser_did_not_find_are_omitted()
    {
        var fields = ReleaseInfoFields.ToCorpusFields(
            new ReleaseInfo { Title = "Dexter", Episodes = [] }
        );

        fields.Keys.ShouldBe([ReleaseInfoFields.Title]);
    }

    [Fact]
    public void Every_corpus_key_is_written_in_the_corpus_vocabulary()
    {
        var info = new ReleaseInfo
        {
            Title = "Show",
            Season = 1,
            Episodes = [2, 3],
            AbsoluteEpisodes = [14, 15],
            Year = 2010,
            ReleaseGroup = "GRP",
            Resolution = "720p",
            Source = "tv",
            VideoCodec = "h264",
            Kind = MediaKind.Episode,
            AirDate = new DateOnly(2010, 11, 23),
        };

        var fields = ReleaseInfoFields.ToCorpusFields(info);

        fields.Keys.ShouldBe(ReleaseInfoFields.All);
        fields[ReleaseInfoFields.Kind].ShouldBe("episode");
        fields[ReleaseInfoFields.AirDate].ShouldBe("2010-11-23");
        fields[ReleaseInfoFields.Episodes].ShouldBe(new[] { 2, 3 });
    }

    [Fact]
    public void An_unknown_kind_is_omitted_and_a_movie_is_called_movie()
    {
        ReleaseInfoFields
            .ToCorpusFields(new ReleaseInfo { Kind = MediaKind.Unknown })
            .ShouldBeEmpty();
        ReleaseInfoFields
            .ToCorpusFields(new ReleaseInfo { Kind = MediaKind.Movie })[ReleaseInfoFields.Kind]
            .ShouldBe("movie");
    }
}
