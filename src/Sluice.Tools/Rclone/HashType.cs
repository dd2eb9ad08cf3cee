namespace Sluice.Tools.Rclone;

/// <summary>A hash as rclone names it ("md5", "sha1", "sha256", "quickxor", …).</summary>
public sealed record HashType
{
    public static readonly HashType Md5 = new("md5");
    public static readonly HashType Sha1 = new("sha1");
    public static readonly HashType Sha256 = new("sha256");

    private HashType(string name) => Name = name;

    public string Name { get; }

    public static HashType Parse(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var lower = name.ToLowerInvariant();
        return lower.All(char.IsAsciiLetterOrDigit)
            ? new HashType(lower)
            : throw new FormatException($"'{name}' is not an rclone hash name.");
    }

    public override string ToString() => Name;
}
