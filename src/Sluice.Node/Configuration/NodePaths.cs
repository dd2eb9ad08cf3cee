namespace Sluice.Node.Configuration;

/// <summary>The node's folders, resolved to absolute paths once at start.</summary>
public sealed record NodePaths(
    string Data,
    string Incoming,
    string Library,
    string Work,
    string Duplicates,
    string Database,
    string LocalVault
)
{
    public static NodePaths From(PathsOptions options)
    {
        var data = Path.GetFullPath(options.Data);
        string Resolve(string? configured, string fallback) =>
            Path.GetFullPath(
                string.IsNullOrWhiteSpace(configured) ? Path.Combine(data, fallback) : configured
            );
        return new NodePaths(
            data,
            Resolve(options.Incoming, "incoming"),
            Resolve(options.Library, "library"),
            Resolve(options.Work, "work"),
            Resolve(options.Duplicates, "duplicates"),
            Resolve(options.Database, "sluice.db"),
            Path.Combine(data, "vault")
        );
    }

    public void CreateFolders()
    {
        foreach (
            var dir in new[]
            {
                Data,
                Incoming,
                Library,
                Work,
                Duplicates,
                Path.GetDirectoryName(Database)!,
            }
        )
        {
            Directory.CreateDirectory(dir);
        }
    }
}
