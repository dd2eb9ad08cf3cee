using Sluice.Node.Metadata;

namespace Sluice.Node.Tests.Metadata;

public sealed class TitleMatchingSpecs
{
    private static MovieMatch Movie(int id, string name, int? year, string? original = null) =>
        new(id, name, original, year, $"https://www.themoviedb.org/movie/{id}");

    private static MovieMatch? Best(MetadataQuery query, params MovieMatch[] candidates) =>
        TitleMatching.Best(candidates, query, m => [m.Name], m => [m.OriginalName], m => m.Year);

    private static MetadataQuery Film(string title, int? year) =>
        new(MetadataQueryKind.Movie, title, year, null, null);

    [Fact]
    public void A_year_that_differs_rules_a_candidate_out()
    {
        Best(Film("Dune", 2021), Movie(841, "Dune", 1984)).ShouldBeNull();
    }

    [Fact]
    public void An_unknown_year_on_either_side_does_not()
    {
        Best(Film("Dune", null), Movie(841, "Dune", 1984))!.Id.ShouldBe(841);
        Best(Film("Dune", 2021), Movie(438631, "Dune", null))!.Id.ShouldBe(438631);
    }

    [Fact]
    public void An_equal_year_beats_an_unknown_one()
    {
        Best(Film("Dune", 2021), Movie(1, "Dune", null), Movie(438631, "Dune", 2021))!
            .Id.ShouldBe(438631);
    }

    [Fact]
    public void The_main_title_beats_an_alternative_one()
    {
        var original = Movie(1, "Spirited Away", 2001, original: "Sen to Chihiro");
        var main = Movie(2, "Sen to Chihiro", 2001);

        Best(Film("Sen to Chihiro", null), original, main)!.Id.ShouldBe(2);
        Best(Film("Sen to Chihiro", null), original)!.Id.ShouldBe(1);
    }

    [Fact]
    public void Otherwise_the_providers_order_decides()
    {
        Best(
            Film("Doctor Who", null),
            Movie(57243, "Doctor Who", 2005),
            Movie(121, "Doctor Who", 1963)
        )!
            .Id.ShouldBe(57243);
    }

    [Fact]
    public void A_title_that_only_contains_the_parsed_one_is_no_match()
    {
        Best(Film("Dune", null), Movie(693134, "Dune: Part Two", 2024)).ShouldBeNull();
    }
}
