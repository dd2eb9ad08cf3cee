using Microsoft.Extensions.Logging.Abstractions;
using Sluice.Node.Configuration;
using Sluice.Node.Mounts;
using Sluice.Testing;
using Sluice.Testing.Rclone;
using Sluice.Testing.Union;
using Sluice.Tools.Mounts;
using Sluice.Tools.Processes;

namespace Sluice.Node.Tests.Mounts;

/// <summary>
/// The seed's layout on a test's own folders: a vault behind <c>rclone serve sftp</c> on
/// loopback (<c>vault:Media</c>), a local library, and a <see cref="MountSupervisor"/> that owns
/// an rclone mount of the vault and a mergerfs union (library=RW : vault mount=RO), for real.
/// Dispose shuts the supervisor down, then refuses to delete folders that are still mounted.
/// </summary>
internal sealed class MountRig : IAsyncDisposable
{
    private readonly TempDirectory _home;

    private MountRig(TempDirectory home, RcloneSftpServer vault, TimeProvider time)
    {
        _home = home;
        Vault = vault;
        Time = time;
        Library = home.Sub("library");
        VaultMount = home.Combine("vault");
        Union = home.Combine("union");
    }

    public RcloneSftpServer Vault { get; }

    public TimeProvider Time { get; }

    public string Library { get; }

    public string VaultMount { get; }

    public string Union { get; }

    public string Home => _home.Path;

    public MountSupervisor? Supervisor { get; private set; }

    public static async Task<MountRig> StartAsync(TimeProvider? time = null)
    {
        FuseTools.Require();
        var ct = TestContext.Current.CancellationToken;
        return new MountRig(
            new TempDirectory("sluice-mounts"),
            await RcloneSftpServer.StartAsync(ct),
            time ?? TimeProvider.System
        );
    }

    /// <summary>A file only the vault holds (the union shows it through the rclone mount).</summary>
    public async Task<byte[]> PutInVaultAsync(string relative)
    {
        var bytes = new byte[200_000];
        new Random(relative.Length).NextBytes(bytes);
        var path = Path.Combine(Vault.RootDirectory, "Media", relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllBytesAsync(path, bytes, TestContext.Current.CancellationToken);
        return bytes;
    }

    /// <summary>The vault mount and the union over it, probed every second.</summary>
    public MountsOptions Options(Action<MountsOptions>? change = null)
    {
        var options = new MountsOptions
        {
            Rclone =
            [
                new RcloneMountOptions
                {
                    Name = "vault",
                    Remote = "vault:Media",
                    Path = VaultMount,
                    CacheDir = _home.Combine("rclone-cache"),
                },
            ],
            Union = new UnionMountOptions
            {
                Path = Union,
                Branches = [$"{Library}=RW", $"{VaultMount}=RO"],
                FsName = "sluice-mount-test",
            },
            ProbeInterval = TimeSpan.FromSeconds(1),
            ProbeTimeout = TimeSpan.FromSeconds(5),
        };
        change?.Invoke(options);
        return options;
    }

    public MountSupervisor Start(MountsOptions options, string? rcloneConfig = null)
    {
        var specs = MountPlan.From(
            options,
            new VaultOptions { RcloneConfig = rcloneConfig ?? Vault.ConfigPath },
            NodePaths.From(new PathsOptions { Data = _home.Combine("data") })
        );
        Supervisor = new MountSupervisor(
            specs,
            Runner(Time),
            options,
            Time,
            NullLogger<MountSupervisor>.Instance
        );
        Supervisor.StartAsync(TestContext.Current.CancellationToken).GetAwaiter().GetResult();
        return Supervisor;
    }

    public static ProcessRunner Runner(TimeProvider time) =>
        new(time, new ProcessRunnerOptions { OwnerTag = $"mount-test-{Guid.NewGuid():N}" });

    public MountStatus Status(string name) => Supervisor!.Mounts.Single(m => m.Name == name);

    /// <summary>Waits (real time) until <paramref name="condition"/> holds for the named mount, or fails with every mount's status.</summary>
    public async Task<MountStatus> WaitForAsync(
        string name,
        Func<MountStatus, bool> condition,
        string what,
        int seconds = 60
    )
    {
        var reached = await Eventually.TrueWithinAsync(
            () => condition(Status(name)),
            TimeSpan.FromSeconds(seconds),
            TestContext.Current.CancellationToken
        );
        reached.ShouldBeTrue(
            $"mount {name} {what} within {seconds} s; now: {string.Join("; ", Supervisor!.Mounts)}"
        );
        return Status(name);
    }

    public Task WaitHealthyAsync(params string[] names) =>
        Task.WhenAll(names.Select(n => WaitForAsync(n, s => s.Healthy, "became healthy")));

    /// <summary>How many mounts /proc/self/mountinfo lists at <paramref name="path"/> (stacked mounts count each).</summary>
    public static int MountsAt(string path)
    {
        var target = " " + Path.GetFullPath(path) + " ";
        return File.ReadLines("/proc/self/mountinfo")
            .Count(l => l.Contains(target, StringComparison.Ordinal));
    }

    public static bool IsAlive(int pid) => Directory.Exists($"/proc/{pid}");

    public async ValueTask DisposeAsync()
    {
        if (Supervisor is not null)
        {
            await Supervisor.ShutdownAsync();
        }

        var left = new[] { Union, VaultMount }.Where(MountTable.IsMounted).ToList();
        Vault.Dispose();
        if (left.Count > 0)
        {
            throw new InvalidOperationException(
                $"Still mounted after the supervisor's shutdown, left in place: {string.Join(", ", left)}"
            );
        }

        _home.Dispose();
    }
}
