using Sluice.Testing;
using Sluice.Testing.Union;

namespace Sluice.Node.Tests.Union;

/// <summary>The union specs run with the options deploy/home ships, so the units stay what was tested.</summary>
public sealed class DeployUnitSpecs
{
    private static string Unit(string name) =>
        File.ReadAllText(Path.Combine(RepositoryPaths.Root, "deploy", "home", name));

    [Fact]
    public void The_mergerfs_unit_mounts_with_the_options_the_union_specs_use()
    {
        var unit = Unit("mergerfs-media.service");

        foreach (var option in UnionMount.MergerfsOptions)
        {
            unit.ShouldContain(option);
        }

        unit.ShouldContain("/srv/media/Library=RW:/mnt/vault=RO /srv/media/Union");
    }

    [Fact]
    public void The_rclone_mount_unit_mounts_with_the_flags_the_union_specs_use()
    {
        var unit = Unit("rclone-vault-mount.service");

        foreach (var flag in UnionMount.RcloneMountFlags)
        {
            unit.ShouldContain(string.Join(' ', flag));
        }
    }
}
