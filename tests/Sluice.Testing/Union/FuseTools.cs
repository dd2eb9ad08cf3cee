using Sluice.Tools.Mounts;

namespace Sluice.Testing.Union;

/// <summary>
/// What a union view needs on this machine: the FUSE device, mergerfs, fusermount (fuse3) and
/// rclone. The specs fail with this list rather than skip: test.sh installs the packages, and CI
/// runs as root where /dev/fuse exists, so a missing piece is a broken machine, not a choice.
/// </summary>
public static class FuseTools
{
    public const string Mergerfs = "mergerfs";
    public const string Rclone = "rclone";

    /// <summary>Throws with what is missing and how to get it.</summary>
    public static void Require()
    {
        if (Missing() is { Length: > 0 } missing)
        {
            throw new InvalidOperationException(
                $"The union view specs need FUSE, mergerfs and rclone; missing: {missing}. "
                    + "As root, ./test.sh installs them (apt-get install -y mergerfs fuse3 rclone); "
                    + "in a container, pass --device /dev/fuse --cap-add SYS_ADMIN."
            );
        }
    }

    private static string Missing()
    {
        var missing = new List<string>();
        if (!File.Exists("/dev/fuse"))
        {
            missing.Add("/dev/fuse (no FUSE in this kernel or container)");
        }

        if (Find(Mergerfs) is null)
        {
            missing.Add("mergerfs (Debian package mergerfs)");
        }

        if (Find("fusermount3") is null && Find("fusermount") is null)
        {
            missing.Add("fusermount3 (Debian package fuse3)");
        }

        if (Find(Rclone) is null)
        {
            missing.Add("rclone (Debian package rclone)");
        }

        return string.Join(", ", missing);
    }

    private static string? Find(string tool) => Executables.Find(tool);
}
