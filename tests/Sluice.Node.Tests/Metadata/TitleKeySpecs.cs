using Sluice.Node.Metadata;

namespace Sluice.Node.Tests.Metadata;

public sealed class TitleKeySpecs
{
    [Theory]
    [InlineData("Frieren: Beyond Journey’s End", "frieren beyond journeys end")]
    [InlineData("Frieren Beyond Journeys End", "frieren beyond journeys end")]
    [InlineData("Pokémon: Mewtwo Strikes Back—Evolution", "pokemon mewtwo strikes back evolution")]
    [InlineData("Law & Order", "law and order")]
    [InlineData("HUNTER×HUNTER", "hunter x hunter")]
    [InlineData("Kimi no Na wa.", "kimi no na wa")]
    [InlineData("  Ærø Straße Œuvre ", "aero strasse oeuvre")]
    [InlineData("ＦＵＬＬ　ＷＩＤＴＨ", "full width")]
    [InlineData("Łódź", "lodz")]
    [InlineData("葬送のフリーレン", "葬送のフリーレン")]
    [InlineData(
        "Re:Zero − Starting Life in Another World",
        "re zero starting life in another world"
    )]
    public void Reduces_a_title_to_what_names_and_providers_agree_on(string title, string key) =>
        TitleKey.Of(title).ShouldBe(key);

    [Fact]
    public void A_trailing_year_in_parentheses_is_a_variant()
    {
        TitleKey
            .Variants("HUNTER×HUNTER (2011)")
            .ShouldBe(["hunter x hunter 2011", "hunter x hunter"]);
        TitleKey.Variants("1984").ShouldBe(["1984"]);
    }
}
