using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Sluice.Domain.Items;
using Sluice.Node.Configuration;
using Sluice.Node.Encode;
using Sluice.Node.Engine;
using Sluice.Node.Tests.Metadata;
using Sluice.Node.Tests.Support;
using Sluice.Node.Vault;
using Sluice.Store;
using Sluice.Testing;
using Sluice.Testing.Media;
using Sluice.Tools.Ffmpeg;
using Sluice.Tools.Processes;
using Sluice.Tools.Rclone;

namespace Sluice.Node.Tests.Encode;

/// <summary>
/// A node's folders and store with items waiting at the encode step, and the real encode
/// handler over the real ffmpeg and ffprobe. Tools run under an owner tag of their own, so a
/// spec can see whether any of them is still running.
/// </summary>
internal sealed class EncodeRig : IAsyncDisposable
{
    private readonly TempDirectory _scratch = new("sluice-encode-rig");

    private EncodeRig(NodeHarness node, EncodeOptions options)
    {
        Node = node;
        Options = options;
        Runner = new ProcessRunner(
            TimeProvider.System,
            new ProcessRunnerOptions { OwnerTag = OwnerTag, TailLines = 200 }
        );
        Ffprobe = new FfprobeClient(Runner);
        Ffmpeg = new FfmpegRunner(
            Runner,
            new FfmpegOptions { GracePeriod = options.StopGracePeriod }
        );
    }

    public NodeHarness Node { get; }

    public EncodeOptions Options { get; }

    public string OwnerTag { get; } = $"encode-spec-{Guid.NewGuid():N}";

    public ProcessRunner Runner { get; }

    public FfprobeClient Ffprobe { get; }

    public FfmpegRunner Ffmpeg { get; private set; }

    public CapturedLogs Logs { get; } = new();

    /// <summary>Where specs make their clips, outside the node's data folder.</summary>
    public string Scratch => _scratch.Path;

    public static async Task<EncodeRig> CreateAsync(EncodeOptions? options = null) =>
        new(await NodeHarness.CreateAsync(), options ?? new EncodeOptions());

    /// <summary>Runs ffmpeg with these options (another executable, another environment) from now on.</summary>
    public void UseFfmpeg(FfmpegOptions options) =>
        Ffmpeg = new FfmpegRunner(Runner, options with { GracePeriod = Options.StopGracePeriod });

    /// <summary>The GPU devices the handler sees; none unless a spec says otherwise.</summary>
    public Func<HardwareDevices> Devices { get; set; } = () => new HardwareDevices(false, []);

    public EncodeHandler Handler()
    {
        var rclone = new RcloneClient(Runner, new RcloneOptions());
        var options = Microsoft.Extensions.Options.Options.Create(Options);
        return new EncodeHandler(
            Node.Paths,
            Ffprobe,
            Ffmpeg,
            options,
            Microsoft.Extensions.Options.Options.Create(new EngineOptions()),
            new SourceFetcher(
                Node.Paths,
                Node.Node,
                new VaultDestinations(
                    Microsoft.Extensions.Options.Options.Create(new VaultOptions()),
                    Node.Paths,
                    rclone
                ),
                rclone
            ),
            Node.Store,
            new EncoderSelection(Ffmpeg, options, Logs.For<EncoderSelection>(), Devices)
        );
    }

    /// <summary>
    /// Puts <paramref name="clip"/> in the library at <paramref name="libraryPath"/> as the
    /// source of an item named <paramref name="name"/> (as it arrived) that waits to be encoded.
    /// </summary>
    public async Task<ItemId> ItemAsync(
        string clip,
        string name,
        string libraryPath,
        string kind = "episode",
        CancellationToken ct = default
    )
    {
        var library = Path.Combine(Node.Paths.Library, libraryPath);
        Directory.CreateDirectory(Path.GetDirectoryName(library)!);
        File.Copy(clip, library);
        var size = new FileInfo(library).Length;
        var id = (
            await Node.Store.DiscoverAsync(
                new NewItem(name, $"/in/{name}", size, $"sha256:{Guid.NewGuid():N}"),
                ct,
                Node.Node.Name
            )
        ).Id;
        await Node.RunAsync(
            id,
            new CompleteSanitize(libraryPath, new MediaSummary(kind, "Title", 1, [1], null))
        );
        await Node.RunAsync(id, new CompleteVault(Artifact.Source, []));
        await Node.RunAsync(id, new CompleteTier(0, 0, 0));
        return id;
    }

    /// <summary>Claims the item's encode job (and hands back any other the claim took).</summary>
    public async Task<StepContext> ClaimAsync(ItemId id, CancellationToken ct)
    {
        var jobs = await Node.Store.ClaimAsync(
            new ClaimRequest("test", "encode", 10, TimeSpan.FromMinutes(5)),
            ct
        );
        foreach (var other in jobs.Where(j => j.Lease.ItemId != id))
        {
            await Node.Store.ReleaseAsync(other.Lease, ct);
        }

        return new StepContext(jobs.Single(j => j.Lease.ItemId == id), Node.Store);
    }

    /// <summary>Claims, runs the handler and records its outcome, as a worker would; returns the outcome.</summary>
    public async Task<ItemCommand> EncodeAsync(ItemId id, CancellationToken ct)
    {
        var context = await ClaimAsync(id, ct);
        var outcome = await Handler().RunAsync(context, ct);
        (await Node.Store.CompleteAsync(context.Lease, outcome, ct)).Result.ShouldBe(
            LeaseWrite.Applied
        );
        return outcome;
    }

    public async Task<Item> ItemStateAsync(ItemId id, CancellationToken ct) =>
        (await Node.Store.GetItemAsync(id, ct))!.Item;

    public string Library(string relative) => Path.Combine(Node.Paths.Library, relative);

    /// <summary>Every file under the library and the work folder, relative to the data folder.</summary>
    public IReadOnlyList<string> Files(string folder) =>
        Directory.Exists(folder)
            ?
            [
                .. Directory
                    .EnumerateFiles(folder, "*", SearchOption.AllDirectories)
                    .Select(f => Path.GetRelativePath(folder, f))
                    .Order(StringComparer.Ordinal),
            ]
            : [];

    /// <summary>A fontconfig that knows no fonts: any font libass finds must come from the file.</summary>
    public FfmpegOptions WithoutSystemFonts()
    {
        var cache = Directory.CreateDirectory(Path.Combine(Scratch, "fc-cache")).FullName;
        var config = Path.Combine(Scratch, "fonts.conf");
        File.WriteAllText(
            config,
            $"""<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig><cachedir>{cache}</cachedir></fontconfig>"""
        );
        return new FfmpegOptions
        {
            EnvironmentVariables = new Dictionary<string, string?> { ["FONTCONFIG_FILE"] = config },
        };
    }

    public Task<string> ClipAsync(string name, ClipOptions options, CancellationToken ct) =>
        TestClips.CreateAsync(Scratch, name, options, ct);

    public IReadOnlyList<int> RunningTools() =>
        LinuxProcesses.WithEnvironmentEntry($"{ProcessRunner.OwnerVariable}={OwnerTag}");

    public async ValueTask DisposeAsync()
    {
        await Node.DisposeAsync();
        _scratch.Dispose();
    }
}
