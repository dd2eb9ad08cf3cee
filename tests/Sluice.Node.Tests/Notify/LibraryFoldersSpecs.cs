using Sluice.Domain.Items;
using Sluice.Node.Notify;

namespace Sluice.Node.Tests.Notify;

public sealed class LibraryFoldersSpecs
{
    private static Item At(string path, string? encoded = null) =>
        new()
        {
            Id = ItemId.New(),
            SourceKey = "k",
            Name = "n",
            IncomingPath = "/in/n",
            LibraryPath = path,
            Output = encoded is null ? null : new EncodeOutput("remux", encoded, 1, 1),
        };

    [Fact]
    public void Each_folder_holding_a_file_is_named_once_under_the_servers_root()
    {
        var folders = LibraryFolders.Of(
            [
                At("Shows/A/Season 01/A - S01E01.mkv", "Encoded/Shows/A/Season 01/A - S01E01.mp4"),
                At("Shows/A/Season 01/A - S01E02.mkv"),
                At("Unsorted/odd.mkv"),
            ],
            "/media/"
        );

        folders.ShouldBe([
            "/media/Shows/A/Season 01",
            "/media/Encoded/Shows/A/Season 01",
            "/media/Unsorted",
        ]);
    }

    [Theory]
    [InlineData("/media/Shows/A", "/media/Shows", true)]
    [InlineData("/media/Shows", "/media/Shows/", true)]
    [InlineData("/media/ShowsExtra/A", "/media/Shows", false)]
    [InlineData("/media/Movies/B", "/media/Shows", false)]
    public void A_folder_is_under_a_location_only_along_whole_path_segments(
        string folder,
        string location,
        bool under
    ) => LibraryFolders.IsUnder(folder, location).ShouldBe(under);
}
