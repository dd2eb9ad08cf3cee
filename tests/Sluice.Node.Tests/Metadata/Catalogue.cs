using Sluice.Testing.Http;

namespace Sluice.Node.Tests.Metadata;

/// <summary>Real titles, as the providers write them, for the specs to seed.</summary>
public static class Catalogue
{
    public static readonly AniListEntry Frieren = new(154587, "Sousou no Frieren")
    {
        English = "Frieren: Beyond Journey’s End",
        Native = "葬送のフリーレン",
        Synonyms = ["Frieren at the Funeral"],
        SeasonYear = 2023,
        Episodes = 28,
        Studio = "MADHOUSE",
        AverageScore = 90,
        Popularity = 400_000,
    };

    public static readonly AniListEntry OnePiece = new(21, "ONE PIECE")
    {
        Native = "ONE PIECE",
        SeasonYear = 1999,
        Studio = "Toei Animation",
        AverageScore = 88,
        Popularity = 550_000,
    };

    public static readonly AniListEntry HunterX1999 = new(136, "HUNTER×HUNTER")
    {
        English = "Hunter x Hunter",
        SeasonYear = 1999,
        Episodes = 62,
    };

    public static readonly AniListEntry HunterX2011 = new(11061, "HUNTER×HUNTER (2011)")
    {
        English = "Hunter x Hunter (2011)",
        SeasonYear = 2011,
        Episodes = 148,
        Studio = "MADHOUSE",
    };

    public static readonly AniListEntry YourName = new(21519, "Kimi no Na wa.")
    {
        English = "Your Name.",
        Native = "君の名は。",
        SeasonYear = 2016,
        Episodes = 1,
        Format = "MOVIE",
        Studio = "CoMix Wave Films",
    };

    public static readonly TmdbShow Expanse = new(63639, "The Expanse", "2015-12-14");

    public static readonly TmdbShow DoctorWho1963 = new(121, "Doctor Who", "1963-11-23");

    public static readonly TmdbShow DoctorWho2005 = new(57243, "Doctor Who", "2005-03-26");

    public static readonly TmdbMovie DunePartTwo = new(693134, "Dune: Part Two", "2024-02-27");

    public static readonly TmdbMovie Dune1984 = new(841, "Dune", "1984-12-14");
}
