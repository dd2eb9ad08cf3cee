using System.Text;
using Sluice.Domain.Naming;

namespace Sluice.Domain.Tests.Naming;

public sealed class LibraryPathTests
{
    [Fact]
    public void A_relative_path_under_a_category_parses_into_segments()
    {
        var path = LibraryPath.Parse("Shows/Title/Season 01/Title - S01E01.mkv");

        path.Category.ShouldBe("Shows");
        path.Segments.ShouldBe(["Shows", "Title", "Season 01", "Title - S01E01.mkv"]);
        path.ToString().ShouldBe("Shows/Title/Season 01/Title - S01E01.mkv");
    }

    [Fact]
    public void A_path_a_library_tool_moved_parses_under_any_safe_top_folder_with_every_other_rule()
    {
        LibraryPath.TryParse("Premiered/Title/x.mkv", out _).ShouldBeFalse();
        LibraryPath.ParseMoved("Premiered/Title (ネイティブ)/x.mkv").Category.ShouldBe("Premiered");
        LibraryPath.TryParseMoved("Premiered/../etc/passwd", out _).ShouldBeFalse();
        LibraryPath.TryParseMoved("/Premiered/x.mkv", out _).ShouldBeFalse();
        LibraryPath.TryParseMoved(".hidden/x.mkv", out _).ShouldBeFalse();
        Should.Throw<FormatException>(() => LibraryPath.ParseMoved("Premiered"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("/Shows/Title/x.mkv")]
    [InlineData("Shows/../etc/passwd")]
    [InlineData("Shows/./x.mkv")]
    [InlineData("Shows//x.mkv")]
    [InlineData("Shows/x.mkv/")]
    [InlineData(@"Shows\x.mkv")]
    [InlineData("Shows/line\nbreak.mkv")]
    [InlineData("Shows/.hidden.mkv")]
    [InlineData("Shows/trailing.")]
    [InlineData("Shows/CON")]
    [InlineData("Shows/a:b.mkv")]
    [InlineData("Music/x.mp3")]
    [InlineData("Shows")]
    public void Unsafe_or_foreign_paths_are_rejected(string value)
    {
        LibraryPath.TryParse(value, out _).ShouldBeFalse();
        Should.Throw<FormatException>(() => LibraryPath.Parse(value));
    }

    [Fact]
    public void A_segment_over_255_bytes_is_rejected()
    {
        LibraryPath.TryParse("Movies/" + new string('é', 128), out _).ShouldBeFalse();
    }

    [Fact]
    public void A_null_path_is_rejected()
    {
        LibraryPath.TryParse(null, out _).ShouldBeFalse();
    }

    [Fact]
    public void Paths_with_the_same_text_are_equal()
    {
        LibraryPath
            .Parse("Movies/A (2001)/A (2001).mkv")
            .ShouldBe(LibraryPath.Parse("Movies/A (2001)/A (2001).mkv"));
    }

    [Fact]
    public void A_conflict_suffix_goes_before_the_extension()
    {
        var path = LibraryPath.Parse("Shows/Title/Season 01/Title - S01E01.mkv");

        path.WithConflictSuffix(2).Value.ShouldBe("Shows/Title/Season 01/Title - S01E01 (2).mkv");
    }

    [Fact]
    public void A_conflict_suffix_keeps_a_long_name_within_the_byte_limit()
    {
        var name = new string('a', 250) + ".mkv";
        var path = LibraryPath.Parse("Movies/" + name);

        var renamed = path.WithConflictSuffix(12);

        Encoding.UTF8.GetByteCount(renamed.Segments[^1]).ShouldBeLessThanOrEqualTo(255);
        renamed.Segments[^1].ShouldEndWith(" (12).mkv");
    }

    [Fact]
    public void A_conflict_suffix_starts_at_two()
    {
        Should.Throw<ArgumentOutOfRangeException>(() =>
            LibraryPath.Parse("Movies/A.mkv").WithConflictSuffix(1)
        );
    }

    [Fact]
    public void The_error_for_a_rejected_path_does_not_carry_control_characters()
    {
        var error = Should.Throw<FormatException>(() => LibraryPath.Parse("Shows/evil\nline.mkv"));

        error.Message.ShouldNotContain("\n");
    }

    [Fact]
    public void A_default_path_has_no_segments_and_cannot_be_suffixed()
    {
        default(LibraryPath).Segments.ShouldBeEmpty();
        Should.Throw<InvalidOperationException>(() => default(LibraryPath).WithConflictSuffix(2));
    }
}
