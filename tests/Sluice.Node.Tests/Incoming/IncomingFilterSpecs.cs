using Sluice.Node.Incoming;

namespace Sluice.Node.Tests.Incoming;

public sealed class IncomingFilterSpecs
{
    private static readonly IncomingFilter Filter = new("/in", ["mkv", "mp4"]);

    [Theory]
    [InlineData("/in/Show.S01E01.mkv")]
    [InlineData("/in/Season Pack/Show - 01.MKV")]
    [InlineData("/in/a/b/c/movie (2019).mp4")]
    public void Media_files_anywhere_below_incoming_are_taken(string path) =>
        Filter.Accepts(path).ShouldBeTrue();

    [Theory]
    [InlineData("/in/Show.S01E01.mkv.part")]
    [InlineData("/in/Show.S01E01.mkv.!qB")]
    [InlineData("/in/Show.S01E01.mkv.tmp")]
    [InlineData("/in/Show.S01E01.mkv.crdownload")]
    [InlineData("/in/.Show.S01E01.mkv")]
    [InlineData("/in/.sluice-tmp-abc-1")]
    [InlineData("/in/.sync/Show.S01E01.mkv")]
    [InlineData("/in/Show.nfo")]
    [InlineData("/in/Show.S01E01.srt")]
    [InlineData("/elsewhere/Show.S01E01.mkv")]
    public void Partial_hidden_foreign_and_non_media_files_are_never_taken(string path) =>
        Filter.Accepts(path).ShouldBeFalse();
}
