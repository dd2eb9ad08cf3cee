using System.Text;
using Sluice.Domain.Naming;

namespace Sluice.Domain.Tests.Naming;

public sealed class PathSegmentTests
{
    [Theory]
    [InlineData("AC/DC Live", "AC-DC Live")]
    [InlineData(@"Back\slash", "Back-slash")]
    [InlineData("Star Wars: Episode IV", "Star Wars - Episode IV")]
    [InlineData("NieR:Automata", "NieR-Automata")]
    [InlineData("What? <Really> *now* \"quoted\" a|b", "What Really now 'quoted' a-b")]
    public void Separators_and_characters_windows_refuses_are_replaced(string raw, string expected)
    {
        PathSegment.Sanitize(raw).ShouldBe(expected);
    }

    [Theory]
    [InlineData("Line\nbreak", "Line break")]
    [InlineData("Tab\there", "Tab here")]
    [InlineData("Null\0byte", "Null byte")]
    [InlineData("Bell\u0007", "Bell")]
    public void Control_characters_become_spaces(string raw, string expected)
    {
        PathSegment.Sanitize(raw).ShouldBe(expected);
    }

    [Theory]
    [InlineData("Evil\u202Egnp.exe", "Evilgnp.exe")]
    [InlineData("Iso\u2066late\u2069d", "Isolated")]
    [InlineData("Zero\u200Bwidth", "Zerowidth")]
    public void Bidi_overrides_and_invisible_characters_are_removed(string raw, string expected)
    {
        PathSegment.Sanitize(raw).ShouldBe(expected);
    }

    [Fact]
    public void Broken_surrogates_are_removed()
    {
        // Built in code: theory data would be serialized and lose the lone surrogates.
        PathSegment.Sanitize("Lone" + '\uD800' + "surrogate").ShouldBe("Lonesurrogate");
        PathSegment.Sanitize("Trailing" + '\uDC00').ShouldBe("Trailing");
        PathSegment.Sanitize("Pair😀kept").ShouldBe("Pair😀kept");
    }

    [Theory]
    [InlineData("..", "Unknown")]
    [InlineData(".", "Unknown")]
    [InlineData("...hidden", "hidden")]
    [InlineData(".bashrc", "bashrc")]
    [InlineData("Title...", "Title")]
    [InlineData("Title . . ", "Title")]
    [InlineData("--rf", "rf")]
    [InlineData("   ", "Unknown")]
    [InlineData("", "Unknown")]
    public void Dot_segments_hidden_names_option_like_names_and_trailing_dots_are_avoided(
        string raw,
        string expected
    )
    {
        PathSegment.Sanitize(raw).ShouldBe(expected);
    }

    [Theory]
    [InlineData("CON", "CON_")]
    [InlineData("nul", "nul_")]
    [InlineData("COM1", "COM1_")]
    [InlineData("lpt9.mkv", "lpt9_.mkv")]
    [InlineData("Console", "Console")]
    public void Windows_reserved_names_get_a_suffix(string raw, string expected)
    {
        PathSegment.Sanitize(raw).ShouldBe(expected);
    }

    [Fact]
    public void Whitespace_is_collapsed()
    {
        PathSegment.Sanitize("  Too   many \u00A0 spaces  ").ShouldBe("Too many spaces");
    }

    [Fact]
    public void A_long_segment_is_cut_on_a_character_boundary_within_the_byte_limit()
    {
        var raw = string.Concat(Enumerable.Repeat("日本😀", 100));

        var segment = PathSegment.Sanitize(raw, 100);

        Encoding.UTF8.GetByteCount(segment).ShouldBeLessThanOrEqualTo(100);
        segment.ShouldNotContain('\uFFFD');
        raw.ShouldStartWith(segment);
    }

    [Fact]
    public void Truncating_a_file_name_keeps_its_extension()
    {
        var segment = PathSegment.Sanitize(new string('a', 400) + ".mkv", 180);

        segment.Length.ShouldBe(180);
        segment.ShouldEndWith("a.mkv");
    }

    [Fact]
    public void Sanitized_text_is_always_safe()
    {
        foreach (
            var raw in new[] { "..", "CON.txt", "a/b", "\u202E", "x\uD800", new string('é', 300) }
        )
        {
            PathSegment.IsSafe(PathSegment.Sanitize(raw)).ShouldBeTrue(raw);
        }
    }
}
