using Sluice.Tools.Ffmpeg;

namespace Sluice.Tools.Tests.Ffmpeg;

public sealed class FilterGraphSpecs
{
    [Fact]
    public void The_ffmpeg_manual_example_escapes_at_both_levels()
    {
        // From "Notes on filtergraph escaping": text=this is a 'string': may contain one, or more, special characters
        const string value = "this is a 'string': may contain one, or more, special characters";

        var level1 = FilterGraph.EscapeOptionValue(value);
        var level2 = FilterGraph.EscapeFilterArguments("text=" + level1);

        level1.ShouldBe(@"this is a \'string\'\: may contain one, or more, special characters");
        level2.ShouldBe(
            @"text=this is a \\\'string\\\'\\: may contain one\, or more\, special characters"
        );
    }

    [Theory]
    [InlineData("/w/plain.mkv", "subtitles=filename=/w/plain.mkv:si=0")]
    [InlineData("/w/a:b.mkv", @"subtitles=filename=/w/a\\:b.mkv:si=0")]
    [InlineData("/w/[x];y,z.mkv", @"subtitles=filename=/w/\[x\]\;y\,z.mkv:si=0")]
    [InlineData(@"/w/back\slash.mkv", @"subtitles=filename=/w/back\\\\slash.mkv:si=0")]
    [InlineData("/w/trailing ", @"subtitles=filename=/w/trailing\\ :si=0")]
    [InlineData("/w/it's a file.mkv", @"subtitles=filename=/w/it\\\'s a file.mkv:si=0")]
    public void A_subtitles_filter_escapes_its_file_name(string path, string expected)
    {
        FilterGraph.Filter("subtitles", ("filename", path), ("si", "0")).ShouldBe(expected);
    }
}
