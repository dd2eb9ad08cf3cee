namespace Sluice.Tools.Mounts;

/// <summary>Looks a tool up on PATH, as exec would.</summary>
public static class Executables
{
    public static string? Find(string tool) =>
        Path.IsPathFullyQualified(tool)
            ? (File.Exists(tool) ? tool : null)
            : (Environment.GetEnvironmentVariable("PATH") ?? "")
                .Split(':', StringSplitOptions.RemoveEmptyEntries)
                .Select(dir => Path.Combine(dir, tool))
                .FirstOrDefault(File.Exists);
}
