using Microsoft.Extensions.Options;
using Sluice.Node.Configuration;
using Sluice.Node.Mounts;
using Sluice.Testing;

namespace Sluice.Node.Tests.Mounts;

public sealed class MountsOptionsValidationSpecs
{
    [Fact]
    public void Mount_settings_that_would_hide_files_or_escape_supervision_stop_the_node_with_the_key_named()
    {
        using var home = new TempDirectory("sluice-mount-options");
        var paths = NodePaths.From(new PathsOptions { Data = home.Combine("data") });
        var busy = home.Sub("busy");
        File.WriteAllText(Path.Combine(busy, "movie.mkv"), "x");
        var vault = new VaultOptions
        {
            RcloneExecutable = home.Combine("no-such-rclone"),
            Destinations =
            [
                new VaultDestinationOptions { Name = "oops", Remote = home.Combine("union", "x") },
            ],
        };
        var options = new MountsOptions
        {
            Rclone =
            [
                new RcloneMountOptions
                {
                    Name = "vault",
                    Remote = "/srv/cloud",
                    Path = busy,
                    VfsCacheMode = "everything",
                    VfsCacheMaxSize = "lots",
                    ExtraArgs = ["--daemon"],
                    CacheDir = home.Combine("union", "cache"),
                    Stages = ["upload"],
                },
                new RcloneMountOptions
                {
                    Name = "vault",
                    Remote = "gdrive:Media",
                    Path = paths.Library,
                },
            ],
            Union = new UnionMountOptions
            {
                Path = home.Combine("union"),
                Branches = ["relative=RW", $"{busy}=XX"],
            },
        };

        var result = new MountsOptionsValidation(paths, Options.Create(vault)).Validate(
            null,
            options
        );

        result.Failed.ShouldBeTrue();
        var failures = result.Failures!.ToList();
        void Failure(string key, string words) =>
            failures
                .Where(f =>
                    f.StartsWith(key, StringComparison.Ordinal)
                    && f.Contains(words, StringComparison.Ordinal)
                )
                .ShouldHaveSingleItem(
                    $"{key} … {words} in:{Environment.NewLine}{string.Join(Environment.NewLine, failures)}"
                );
        Failure("Mounts:Rclone:0:Remote", "an rclone remote");
        Failure("Mounts:Rclone:0:Path", "is not empty");
        Failure("Mounts:Rclone:0:VfsCacheMode", "full");
        Failure("Mounts:Rclone:0:VfsCacheMaxSize", "50G");
        Failure("Mounts:Rclone:0:ExtraArgs", "--daemon");
        Failure("Mounts:Rclone:0:Stages", "no stage 'upload'");
        Failure("Mounts:Rclone:1:Name", "used by another mount");
        Failure("Mounts:Rclone:1:Path", "overlaps Paths:Library");
        Failure("Mounts:Union:Branches", "'relative' must be an absolute path");
        Failure("Mounts:Union:Branches", "RW, RO or NC");
        Failure("Vault:Destinations:0:Remote", "never through a mount");
        Failure("Mounts:Rclone:0:CacheDir", "inside the mount Mounts:Union:Path");
        Failure("Mounts needs", "no-such-rclone (Vault:RcloneExecutable");
    }

    [Fact]
    public void The_seed_layout_is_valid()
    {
        using var home = new TempDirectory("sluice-mount-options");
        var paths = NodePaths.From(
            new PathsOptions { Data = home.Combine("data"), Library = home.Combine("Library") }
        );
        var options = new MountsOptions
        {
            Rclone =
            [
                new RcloneMountOptions
                {
                    Name = "vault",
                    Remote = "gdrive:Media",
                    Path = home.Combine(".Vault"),
                },
            ],
            Union = new UnionMountOptions
            {
                Path = home.Combine("Media"),
                Branches = [$"{paths.Library}=RW", $"{home.Combine(".Vault")}=RO"],
            },
        };

        new MountsOptionsValidation(paths, Options.Create(new VaultOptions()))
            .Validate(null, options)
            .Succeeded.ShouldBeTrue();
    }
}
