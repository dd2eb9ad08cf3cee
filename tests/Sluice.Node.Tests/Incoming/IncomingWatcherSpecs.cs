using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Sluice.Node.Configuration;
using Sluice.Node.Incoming;
using Sluice.Node.Tests.Support;
using Sluice.Testing;

namespace Sluice.Node.Tests.Incoming;

/// <summary>The watcher on a real folder, its clock driven by the test.</summary>
public sealed class IncomingWatcherSpecs
{
    private static readonly TimeSpan StableFor = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Tick = TimeSpan.FromSeconds(1);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly IncomingProblems _problems = new();

    private IncomingProblems Problems => _problems;

    private IncomingWatcher Watcher(NodeHarness node) =>
        new(
            node.Paths,
            Options.Create(
                new IncomingOptions
                {
                    StableFor = StableFor,
                    RescanInterval = TimeSpan.FromMinutes(5),
                }
            ),
            node.Ingestor(),
            Problems,
            node.Time,
            NullLogger<IncomingWatcher>.Instance
        );

    private static async Task AdvanceAsync(ManualTimeProvider clock, TimeSpan by)
    {
        for (var elapsed = TimeSpan.Zero; elapsed < by; elapsed += Tick)
        {
            clock.Advance(Tick);
            await Task.Delay(TimeSpan.FromMilliseconds(30), TimeProvider.System, Ct);
        }
    }

    /// <summary>
    /// Advances a tick at a time until the file is an item. The watcher's loop runs on its own
    /// thread and may see the clock late, so a fixed jump could overshoot or fall short.
    /// </summary>
    private static async Task<bool> TakenWithinAsync(
        NodeHarness node,
        ManualTimeProvider clock,
        int ticks
    )
    {
        for (var i = 0; i < ticks; i++)
        {
            if ((await node.ItemsAsync()).Count == 1)
            {
                return true;
            }

            await AdvanceAsync(clock, Tick);
        }

        return await Eventually.TrueWithinAsync(
            () => node.ItemsAsync().Result.Count == 1,
            TimeSpan.FromSeconds(10),
            Ct
        );
    }

    [Fact]
    public async Task Files_present_before_start_are_taken_after_the_stable_window()
    {
        var clock = new ManualTimeProvider();
        await using var node = await NodeHarness.CreateAsync(clock);
        await File.WriteAllTextAsync(
            Path.Combine(node.Paths.Incoming, "Old.S01E01.mkv"),
            "bytes",
            Ct
        );
        using var watcher = Watcher(node);
        await watcher.StartAsync(Ct);

        await AdvanceAsync(clock, StableFor - Tick - Tick);
        (await node.ItemsAsync()).ShouldBeEmpty();
        (await TakenWithinAsync(node, clock, 30)).ShouldBeTrue();
        await watcher.StopAsync(Ct);
    }

    [Fact]
    public async Task A_file_still_being_written_is_not_taken_until_it_holds_still()
    {
        var clock = new ManualTimeProvider();
        await using var node = await NodeHarness.CreateAsync(clock);
        using var watcher = Watcher(node);
        await watcher.StartAsync(Ct);
        var path = Path.Combine(node.Paths.Incoming, "Growing.S01E01.mkv");

        for (var i = 0; i < 30; i++)
        {
            await File.AppendAllTextAsync(path, "more bytes ", Ct);
            await AdvanceAsync(clock, Tick);
        }

        (await node.ItemsAsync()).ShouldBeEmpty();
        (await TakenWithinAsync(node, clock, 40)).ShouldBeTrue();
        (await node.ItemsAsync())[0].Item.Size.ShouldBe(new FileInfo(path).Length);
        await watcher.StopAsync(Ct);
    }

    [Fact]
    public async Task Partial_and_hidden_files_are_left_alone()
    {
        var clock = new ManualTimeProvider();
        await using var node = await NodeHarness.CreateAsync(clock);
        await File.WriteAllTextAsync(
            Path.Combine(node.Paths.Incoming, "Show.S01E01.mkv.part"),
            "bytes",
            Ct
        );
        await File.WriteAllTextAsync(
            Path.Combine(node.Paths.Incoming, ".Show.S01E02.mkv"),
            "bytes",
            Ct
        );
        using var watcher = Watcher(node);
        await watcher.StartAsync(Ct);

        await AdvanceAsync(clock, StableFor * 2);

        (await node.ItemsAsync()).ShouldBeEmpty();
        await watcher.StopAsync(Ct);
    }

    [Fact]
    public async Task A_file_whose_name_is_not_valid_UTF8_is_reported_not_silently_skipped()
    {
        var clock = new ManualTimeProvider();
        await using var node = await NodeHarness.CreateAsync(clock);
        // .NET cannot write such a name; the shell can.
        using (
            var touch = System.Diagnostics.Process.Start(
                "bash",
                ["-c", $"touch \"{node.Paths.Incoming}\"/$'Bad\\xff\\xfeName.S01E01.mkv'"]
            )
        )
        {
            await touch.WaitForExitAsync(Ct);
        }

        using var watcher = Watcher(node);
        await watcher.StartAsync(Ct);
        await AdvanceAsync(clock, Tick * 3);

        (
            await Eventually.TrueWithinAsync(
                () => Problems.All.Count == 1,
                TimeSpan.FromSeconds(10),
                Ct
            )
        ).ShouldBeTrue();
        Problems.All[0].Reason.ShouldContain("not valid UTF-8");
        (await node.ItemsAsync()).ShouldBeEmpty();
        await watcher.StopAsync(Ct);
    }
}
