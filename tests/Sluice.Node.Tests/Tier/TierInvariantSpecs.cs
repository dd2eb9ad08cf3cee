using System.Security.Cryptography;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Sluice.Domain.Items;
using Sluice.Node.Configuration;
using Sluice.Node.Metrics;
using Sluice.Node.Tests.Support;
using Sluice.Node.Tier;
using Sluice.Store;
using Sluice.Testing;

namespace Sluice.Node.Tests.Tier;

/// <summary>
/// The tiering invariant as a property: whatever the order of events (ingest, vault success or
/// failure, the vault copy truncated or deleted later, pin/unpin, files opened and closed,
/// reads, passes, free-space swings, time passing, and pins, opens and vault damage landing in
/// the middle of a pass), no file is ever deleted whose item, at that moment, had no verifying
/// vault copy, or was pinned, open, unfinished or just finished. Real TierPass, real SQLite
/// store, real files; the vault is a local folder checked byte for byte.
/// </summary>
public sealed class TierInvariantSpecs
{
    private const int Seeds = 40;
    private const int Steps = 40;
    private static readonly TimeSpan MinResidency = TimeSpan.FromMinutes(10);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Whatever_the_order_of_events_no_unvaulted_pinned_open_or_unfinished_file_is_ever_deleted()
    {
        for (var seed = 1; seed <= Seeds; seed++)
        {
            var world = new World(new Random(seed));
            try
            {
                await world.RunAsync();
            }
            catch (Exception ex)
            {
                throw new InvalidOperationException(
                    $"Tiering invariant broken with seed {seed} after: {string.Join(" · ", world.Trace.TakeLast(12))}",
                    ex
                );
            }
            finally
            {
                await world.DisposeAsync();
            }
        }
    }

    private sealed class Model
    {
        public required string Name { get; init; }
        public required ItemId Id { get; init; }
        public required byte[] Content { get; init; }
        public string Relative => $"Shows/{Name}";
        public bool Finished { get; set; }
        public DateTimeOffset FinishedAt { get; set; }
        public bool Vaulted { get; set; }
        public bool Pinned { get; set; }
        public FileStream? Open { get; set; }
        public bool Deleted { get; set; }
    }

    /// <summary>What must hold of an item for tiering to delete its file, read between two checkpoints.</summary>
    private sealed record Allowed(bool Evictable, string Why);

    private sealed class World(Random random) : IAsyncDisposable, IVaultVerifier, IFreeSpaceProbe
    {
        private readonly ManualTimeProvider _clock = new(
            new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero)
        );
        private readonly List<Model> _items = [];
        private NodeHarness _node = null!;
        private TierPass _pass = null!;
        private long _otherBytes;
        private Dictionary<string, Allowed> _since = [];
        private bool _inPass;
        private readonly NodeMetrics _metrics = new();

        public List<string> Trace { get; } = [];

        public async Task RunAsync()
        {
            _node = await NodeHarness.CreateAsync(_clock);
            _pass = new TierPass(
                _node.Store,
                _node.Paths,
                this,
                new MountInfoVolumes(),
                this,
                Options.Create(
                    new TierOptions
                    {
                        LowWatermarkPercent = 35,
                        HighWatermarkPercent = 40 + random.Next(0, 40),
                        MinResidency = MinResidency,
                    }
                ),
                _node.Node,
                NullLogger<TierPass>.Instance,
                _metrics
            );
            for (var step = 0; step < Steps; step++)
            {
                await StepAsync();
            }

            await PassAsync();
        }

        private async Task StepAsync()
        {
            switch (random.Next(11))
            {
                case 0 or 1:
                    await IngestAsync();
                    break;
                case 2 or 3:
                    await FinishOldestAsync(vaulted: random.Next(5) > 0);
                    break;
                case 4 or 5:
                    await PassAsync();
                    break;
                case 6:
                    _otherBytes = random.Next(0, 3000);
                    Trace.Add($"other data {_otherBytes}");
                    break;
                case 7:
                    _clock.Advance(TimeSpan.FromMinutes(random.Next(1, 15)));
                    Trace.Add("time passes");
                    break;
                case 8 when Any() is { } m:
                    await _node.Store.RecordAccessAsync(m.Id, Ct);
                    Trace.Add($"read {m.Name}");
                    break;
                default:
                    await DisturbAsync();
                    break;
            }
        }

        /// <summary>Events that may also land in the middle of a pass.</summary>
        private async Task DisturbAsync()
        {
            if (Any() is not { } m)
            {
                return;
            }

            switch (random.Next(3))
            {
                case 0:
                    var pin = !m.Pinned;
                    (await _node.Store.SetPinnedAsync(m.Id, pin, Ct)).Applied.ShouldBeTrue();
                    m.Pinned = pin;
                    Trace.Add($"{(pin ? "pin" : "unpin")} {m.Name}");
                    break;
                case 1 when !m.Deleted:
                    if (m.Open is { } open)
                    {
                        await open.DisposeAsync();
                        m.Open = null;
                    }
                    else
                    {
                        m.Open = File.OpenRead(Library(m));
                    }

                    Trace.Add($"{(m.Open is null ? "close" : "open")} {m.Name}");
                    break;
                case 2 when File.Exists(Vault(m)):
                    if (random.Next(2) == 0)
                    {
                        File.Delete(Vault(m));
                    }
                    else
                    {
                        await File.WriteAllBytesAsync(Vault(m), m.Content[..^1], Ct);
                    }

                    Trace.Add($"vault copy of {m.Name} damaged");
                    break;
            }
        }

        private async Task IngestAsync()
        {
            var name = $"item{_items.Count}.mkv";
            var content = TierFixtures.Content(name, random.Next(100, 500));
            var id = (
                await _node.Store.DiscoverAsync(
                    new NewItem(name, $"/in/{name}", content.Length, $"sha256:{name}"),
                    Ct,
                    _node.Node.Name
                )
            ).Id;
            var m = new Model
            {
                Name = name,
                Id = id,
                Content = content,
            };
            Directory.CreateDirectory(Path.Combine(_node.Paths.Library, "Shows"));
            await File.WriteAllBytesAsync(
                Path.Combine(_node.Paths.Library, m.Relative),
                content,
                Ct
            );
            await CompleteAsync(
                id,
                new CompleteSanitize(m.Relative, new MediaSummary("episode", name, 1, [1], null))
            );
            _items.Add(m);
            Trace.Add($"ingest {name}");
        }

        /// <summary>In-progress items finish in the order they came, so the oldest job is always theirs.</summary>
        private async Task FinishOldestAsync(bool vaulted)
        {
            if (_items.FirstOrDefault(i => !i.Finished) is not { } m)
            {
                return;
            }

            var copies = vaulted
                ? new[]
                {
                    await TierFixtures.PlaceAsync(
                        _node,
                        Artifact.Source,
                        m.Relative,
                        m.Content,
                        Ct
                    ),
                }
                : [];
            await CompleteAsync(m.Id, new CompleteVault(Artifact.Source, [.. copies]));
            await CompleteAsync(m.Id, new CompleteTier(0, 0, 0));
            await CompleteAsync(m.Id, new SkipEncode("test"));
            await CompleteAsync(m.Id, new CompleteNotify([]));
            m.Finished = true;
            m.FinishedAt = _clock.GetUtcNow();
            m.Vaulted = vaulted;
            Trace.Add($"finish {m.Name}{(vaulted ? "" : " unvaulted")}");
        }

        private async Task CompleteAsync(ItemId id, ItemCommand outcome)
        {
            var item = (await _node.Store.GetItemAsync(id, Ct))!.Item;
            var step = Pipeline.NextStep(item)!.Value;
            var job = (
                await _node.Store.ClaimAsync(
                    new ClaimRequest("test", EnginePolicy.QueueOf(step), 1, TimeSpan.FromDays(1)),
                    Ct
                )
            ).ShouldHaveSingleItem();
            job.Lease.ItemId.ShouldBe(id);
            (await _node.Store.CompleteAsync(job.Lease, outcome, Ct)).Result.ShouldBe(
                LeaseWrite.Applied
            );
        }

        private async Task PassAsync()
        {
            Trace.Add("tier pass");
            _since = Snapshot();
            _inPass = true;
            await _pass.RunAsync(Ct);
            _inPass = false;
            await CheckpointAsync();
        }

        /// <summary>Files gone since the last checkpoint were deleted while <see cref="_since"/> held.</summary>
        private async Task CheckpointAsync()
        {
            foreach (var m in _items.Where(i => !i.Deleted && !File.Exists(Library(i))))
            {
                var allowed = _since[m.Name];
                allowed.Evictable.ShouldBeTrue($"{m.Name} was deleted although {allowed.Why}");
                m.Deleted = true;
                var item = (await _node.Store.GetItemAsync(m.Id, Ct))!.Item;
                item.Evicted.ShouldContain(Artifact.Source, $"{m.Name} was deleted unjournaled");
            }

            foreach (var m in _items)
            {
                var item = (await _node.Store.GetItemAsync(m.Id, Ct))!.Item;
                if (item.Evicted.Contains(Artifact.Source))
                {
                    m.Deleted.ShouldBeTrue($"{m.Name} is journaled evicted but still on disk");
                }
            }

            _metrics.Evictions.ShouldBe(
                _items.Count(i => i.Deleted),
                "every eviction is counted once"
            );
            _since = Snapshot();
        }

        private Dictionary<string, Allowed> Snapshot() =>
            _items.ToDictionary(m => m.Name, m => Judge(m));

        private Allowed Judge(Model m)
        {
            if (!m.Finished)
            {
                return new(false, "it was still in the pipeline");
            }

            if (_clock.GetUtcNow() - m.FinishedAt < MinResidency)
            {
                return new(false, "it had just finished");
            }

            if (m.Pinned)
            {
                return new(false, "it was pinned");
            }

            if (m.Open is not null)
            {
                return new(false, "it was open");
            }

            return VaultVerifies(m) ? new(true, "") : new(false, "its vault copy did not verify");
        }

        private bool VaultVerifies(Model m) =>
            m.Vaulted
            && File.Exists(Vault(m))
            && File.ReadAllBytes(Vault(m)).AsSpan().SequenceEqual(m.Content);

        private string Library(Model m) => Path.Combine(_node.Paths.Library, m.Relative);

        private string Vault(Model m) => Path.Combine(_node.Paths.LocalVault, m.Relative);

        private Model? Any() => _items.Count == 0 ? null : _items[random.Next(_items.Count)];

        /// <summary>The vault check, preceded now and then by an event landing mid-pass.</summary>
        public async Task<string?> ProblemWithAsync(
            VaultCopy copy,
            string relativePath,
            CancellationToken ct
        )
        {
            if (_inPass && random.Next(3) == 0)
            {
                await CheckpointAsync();
                await DisturbAsync();
                _since = Snapshot();
            }

            if (!File.Exists(copy.RemotePath))
            {
                return "missing";
            }

            var bytes = await File.ReadAllBytesAsync(copy.RemotePath, ct);
#pragma warning disable CA5351 // MD5 is what the recorded verification names, an integrity check.
            var md5 = $"md5:{Convert.ToHexStringLower(MD5.HashData(bytes))}";
#pragma warning restore CA5351
            return bytes.Length == copy.Size && md5 == copy.Verification ? null : "differs";
        }

        /// <summary>A volume of 5000 bytes holding the library and other data that comes and goes.</summary>
        public VolumeSpace Measure(string path)
        {
            const long capacity = 5000;
            var used = Directory
                .EnumerateFiles(_node.Paths.Library, "*", SearchOption.AllDirectories)
                .Sum(f => new FileInfo(f).Length);
            return new VolumeSpace(Math.Max(0, capacity - used - _otherBytes), capacity);
        }

        public async ValueTask DisposeAsync()
        {
            foreach (var m in _items)
            {
                if (m.Open is { } open)
                {
                    await open.DisposeAsync();
                }
            }

            _pass?.Dispose();
            if (_node is not null)
            {
                await _node.DisposeAsync();
            }
        }
    }
}
