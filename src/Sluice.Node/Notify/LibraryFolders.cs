using Sluice.Domain.Items;

namespace Sluice.Node.Notify;

/// <summary>Which folders of the library a batch of items changed, as a media server sees them.</summary>
public static class LibraryFolders
{
    /// <summary>
    /// The folders holding each item's files (the source and the encoded output), once each, in
    /// the media server's terms: <paramref name="root"/> (its path to Sluice's library) joined
    /// with the library-relative folder.
    /// </summary>
    public static IReadOnlyList<string> Of(IEnumerable<Item> items, string root) =>
        [
            .. items
                .SelectMany(i => new[] { i.LibraryPath, i.Output?.LibraryPath })
                .OfType<string>()
                .Select(path => path.Replace('\\', '/'))
                .Select(path =>
                    path.Contains('/', StringComparison.Ordinal)
                        ? path[..path.LastIndexOf('/')]
                        : ""
                )
                .Distinct(StringComparer.Ordinal)
                .Select(folder =>
                    folder.Length == 0 ? root.TrimEnd('/') : $"{root.TrimEnd('/')}/{folder}"
                ),
        ];

    /// <summary>Whether <paramref name="folder"/> is <paramref name="location"/> or lies below it.</summary>
    public static bool IsUnder(string folder, string location)
    {
        var root = location.TrimEnd('/');
        return folder == root || folder.StartsWith(root + "/", StringComparison.Ordinal);
    }
}
