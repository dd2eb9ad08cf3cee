using Sluice.Domain.Naming;

namespace Sluice.Domain.Tests.Naming;

/// <summary>
/// Present-day names outside the scoring corpora, one per convention: the rules must hold beyond
/// the names they were tuned on. Each row: name, title, season, first episode, year, kind.
/// </summary>
public sealed class RealWorldNamesTests
{
    [Theory]
    [InlineData(
        "Severance.S02E03.Who.Is.Alive.1080p.ATVP.WEB-DL.DDP5.1.Atmos.H.264-FLUX.mkv",
        "Severance",
        2,
        3,
        null,
        MediaKind.Episode
    )]
    [InlineData(
        "Shogun.2024.S01E10.A.Dream.of.a.Dream.1080p.DSNP.WEB-DL.DDP5.1.H.264-NTb.mkv",
        "Shogun",
        1,
        10,
        2024,
        MediaKind.Episode
    )]
    [InlineData("9-1-1.S07E01.1080p.WEB.h264-ETHEL", "9-1-1", 7, 1, null, MediaKind.Episode)]
    [InlineData(
        "S.W.A.T.2017.S07E01.720p.HDTV.x264-SYNCOPY",
        "S.W.A.T",
        7,
        1,
        2017,
        MediaKind.Episode
    )]
    [InlineData(
        "Twin Peaks (2017) - S03E08 - Gotta Light.mkv",
        "Twin Peaks",
        3,
        8,
        2017,
        MediaKind.Episode
    )]
    [InlineData(
        "Breaking Bad Season 5 Episode 14 Ozymandias.mp4",
        "Breaking Bad",
        5,
        14,
        null,
        MediaKind.Episode
    )]
    [InlineData(
        "Show Name (2019) - S01E01 - Pilot [WEBDL-1080p][EAC3 5.1][h264]-GRP.mkv",
        "Show Name",
        1,
        1,
        2019,
        MediaKind.Episode
    )]
    [InlineData(
        "Chernobyl.S01E01.1.23.45.1080p.AMZN.WEB-DL.DDP5.1.H.264-NTb",
        "Chernobyl",
        1,
        1,
        null,
        MediaKind.Episode
    )]
    [InlineData(
        "[Ohys-Raws] Kimetsu no Yaiba (2019) - 01 (BS11 1280x720 x264 AAC).mp4",
        "Kimetsu no Yaiba",
        null,
        1,
        2019,
        MediaKind.Episode
    )]
    [InlineData(
        "[DB]Naruto Shippuden_-_500_(Dual Audio_10bit_BD1080p_x265).mkv",
        "Naruto Shippuden",
        null,
        500,
        null,
        MediaKind.Episode
    )]
    [InlineData(
        "[Erai-raws] 86 - Eighty Six - 01 [1080p][Multiple Subtitle].mkv",
        "86 - Eighty Six",
        null,
        1,
        null,
        MediaKind.Episode
    )]
    [InlineData(
        "[HR] Kaiju No. 8 - 01 [1080p HEVC]",
        "Kaiju No. 8",
        null,
        1,
        null,
        MediaKind.Episode
    )]
    [InlineData(
        "[Trix] Steins;Gate 0 - 23 (BD 1080p AV1) [Eng Subs].mkv",
        "Steins;Gate 0",
        null,
        23,
        null,
        MediaKind.Episode
    )]
    [InlineData(
        "Hunter x Hunter (2011) - 148 [BD 1080p].mkv",
        "Hunter x Hunter",
        null,
        148,
        2011,
        MediaKind.Episode
    )]
    [InlineData(
        "Dune.Part.Two.2024.2160p.WEB-DL.DDP5.1.Atmos.DV.HDR.H.265-FLUX.mkv",
        "Dune Part Two",
        null,
        null,
        2024,
        MediaKind.Movie
    )]
    [InlineData(
        "Terminator.2.Judgment.Day.1991.1080p.BluRay.x264-AMIABLE",
        "Terminator 2 Judgment Day",
        null,
        null,
        1991,
        MediaKind.Movie
    )]
    [InlineData(
        "Apollo.13.1995.1080p.BluRay.x264-AMIABLE",
        "Apollo 13",
        null,
        null,
        1995,
        MediaKind.Movie
    )]
    [InlineData("1917.2019.1080p.BluRay.x264-SPARKS", "1917", null, null, 2019, MediaKind.Movie)]
    [InlineData(
        "Star.Wars.Episode.IV.A.New.Hope.1977.1080p.BluRay.x264-GRP",
        "Star Wars Episode IV A New Hope",
        null,
        null,
        1977,
        MediaKind.Movie
    )]
    [InlineData(
        "Avatar.The.Way.of.Water.2022.3D.1080p.BluRay.x264-GRP",
        "Avatar The Way of Water",
        null,
        null,
        2022,
        MediaKind.Movie
    )]
    [InlineData(
        "Godzilla.Minus.One.2023.JAPANESE.1080p.WEB-DL.DDP5.1.H.264-FLUX",
        "Godzilla Minus One",
        null,
        null,
        2023,
        MediaKind.Movie
    )]
    [InlineData(
        "[Arid] Akira (1988) [1080p,BluRay,x264,FLAC]",
        "Akira",
        null,
        null,
        1988,
        MediaKind.Movie
    )]
    [InlineData(
        "Guardians of the Galaxy (CamRip / 2014)",
        "Guardians of the Galaxy",
        null,
        null,
        2014,
        MediaKind.Movie
    )]
    [InlineData(
        "downloads/complete/The.Bear.S03.1080p.WEB.h264-ETHEL/The.Bear.S03E02.1080p.WEB.h264-ETHEL.mkv",
        "The Bear",
        3,
        2,
        null,
        MediaKind.Episode
    )]
    [InlineData(
        "tv/Severance/Season 2/Severance - 2x03.mkv",
        "Severance",
        2,
        3,
        null,
        MediaKind.Episode
    )]
    public void A_present_day_name_is_read(
        string name,
        string title,
        int? season,
        int? episode,
        int? year,
        MediaKind kind
    )
    {
        var info = ReleaseParser.Parse(name);

        (
            info.Title,
            info.Season,
            info.Episodes.Count > 0 ? info.Episodes[0] : (int?)null,
            info.Year,
            info.Kind
        ).ShouldBe((title, season, episode, year, kind));
    }
}
