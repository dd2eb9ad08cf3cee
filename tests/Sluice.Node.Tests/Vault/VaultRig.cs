using System.Security.Cryptography;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Sluice.Domain.Items;
using Sluice.Node.Configuration;
using Sluice.Node.Engine;
using Sluice.Node.Metrics;
using Sluice.Node.Tests.Support;
using Sluice.Node.Vault;
using Sluice.Store;
using Sluice.Testing;
using Sluice.Tools.Processes;
using Sluice.Tools.Rclone;

namespace Sluice.Node.Tests.Vault;

/// <summary>A node's store and library, one vault destination through real rclone, and the vault step run by the real job runner.</summary>
public sealed class VaultRig : IAsyncDisposable
{
    private VaultRig(
        NodeHarness node,
        RcloneClient rclone,
        VaultDestinations destinations,
        JobRunner runner
    )
    {
        Node = node;
        Rclone = rclone;
        Destinations = destinations;
        Runner = runner;
    }

    public NodeHarness Node { get; }

    public RcloneClient Rclone { get; }

    public VaultDestinations Destinations { get; }

    public JobRunner Runner { get; }

    /// <summary>What the runner and the uploader counted.</summary>
    public required NodeMetrics Metrics { get; init; }

    public VaultDestination Destination => Destinations.All[0];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static async Task<VaultRig> CreateAsync(
        VaultDestinationOptions destination,
        string? rcloneConfig,
        TimeProvider? time = null,
        string rcloneExecutable = "rclone",
        IReadOnlyList<string>? rcloneFlags = null,
        RcloneTransport rcloneTransport = RcloneTransport.Processes
    )
    {
        var node = await NodeHarness.CreateAsync(time);
        var rclone = new RcloneClient(
            new ProcessRunner(
                TimeProvider.System,
                new ProcessRunnerOptions { OwnerTag = "vault-test" }
            ),
            new RcloneOptions
            {
                ExecutablePath = rcloneExecutable,
                ConfigPath = rcloneConfig,
                GlobalFlags = rcloneFlags ?? [],
                Transport = rcloneTransport,
            }
        );
        var destinations = new VaultDestinations(
            Options.Create(new VaultOptions { Destinations = [destination] }),
            node.Paths,
            rclone,
            node.Time
        );
        var metrics = new NodeMetrics();
        var uploader = new VaultUploader(
            rclone,
            destinations,
            new DestinationGate(node.Store, node.Time, NullLogger<DestinationGate>.Instance),
            NullLogger<VaultUploader>.Instance,
            metrics: metrics
        );
        var handler = new VaultHandler(Artifact.Source, node.Paths, destinations, uploader);
        var runner = new JobRunner(
            node.Store,
            new Dictionary<Step, IStepHandler> { [Step.Vault] = handler },
            node.WakeUps,
            TimeSpan.FromMinutes(1),
            node.Time,
            NullLogger<JobRunner>.Instance,
            metrics: metrics
        );
        return new VaultRig(node, rclone, destinations, runner) { Metrics = metrics };
    }

    /// <summary>A sanitized item whose file is in the library at <paramref name="relative"/>, waiting for its vault step.</summary>
    public async Task<ItemId> SanitizedAsync(string relative, byte[] content)
    {
        var library = Path.Combine(Node.Paths.Library, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(library)!);
        await File.WriteAllBytesAsync(library, content, Ct);
        var key = Convert.ToHexStringLower(SHA256.HashData(content));
        var created = await Node.Store.DiscoverAsync(
            new NewItem(
                Path.GetFileName(relative),
                $"/in/{relative}",
                content.Length,
                $"sha256:{key}"
            ),
            Ct
        );
        await Node.RunAsync(
            created.Id,
            new CompleteSanitize(
                relative,
                new MediaSummary(
                    "episode",
                    Path.GetFileNameWithoutExtension(relative),
                    1,
                    [1],
                    null
                )
            )
        );
        return created.Id;
    }

    public string LibraryFile(string relative) => Path.Combine(Node.Paths.Library, relative);

    /// <summary>Claims the item's vault job if it is due and runs it; false when it was not due.</summary>
    public async Task<bool> RunVaultAsync(ItemId id)
    {
        var jobs = await Node.Store.ClaimAsync(
            new ClaimRequest("test", EnginePolicy.QueueOf(Step.Vault), 10, TimeSpan.FromMinutes(1)),
            Ct
        );
        var job = jobs.SingleOrDefault(j => j.Lease.ItemId == id);
        foreach (var other in jobs.Where(j => j.Lease.ItemId != id))
        {
            await Node.Store.ReleaseAsync(other.Lease, Ct);
        }

        if (job is null)
        {
            return false;
        }

        await Runner.RunAsync(job, Ct);
        return true;
    }

    public async Task<ItemView> ItemAsync(ItemId id) =>
        (await Node.Store.GetItemAsync(id, Ct)).ShouldNotBeNull();

    public async ValueTask DisposeAsync()
    {
        await Rclone.DisposeAsync(); // stops the daemon, if the rig's client started one
        await Node.DisposeAsync();
    }
}
