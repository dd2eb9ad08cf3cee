using Sluice.Node.Incoming;

namespace Sluice.Node.Tests.Incoming;

public sealed class StabilityTrackerSpecs
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTime Modified = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void A_file_is_complete_only_after_holding_still_for_the_whole_window()
    {
        var tracker = new StabilityTracker(TimeSpan.FromSeconds(10));

        tracker.Observe("/in/a.mkv", 100, Modified, T0).ShouldBeFalse();
        tracker.Observe("/in/a.mkv", 100, Modified, T0.AddSeconds(9)).ShouldBeFalse();
        tracker.Observe("/in/a.mkv", 100, Modified, T0.AddSeconds(10)).ShouldBeTrue();
    }

    [Fact]
    public void A_growing_file_restarts_its_window()
    {
        var tracker = new StabilityTracker(TimeSpan.FromSeconds(10));
        tracker.Observe("/in/a.mkv", 100, Modified, T0);

        tracker.Observe("/in/a.mkv", 200, Modified, T0.AddSeconds(9)).ShouldBeFalse();
        tracker.Observe("/in/a.mkv", 200, Modified, T0.AddSeconds(18)).ShouldBeFalse();
        tracker.Observe("/in/a.mkv", 200, Modified, T0.AddSeconds(19)).ShouldBeTrue();
    }

    [Fact]
    public void A_touched_file_restarts_its_window_even_at_the_same_size()
    {
        var tracker = new StabilityTracker(TimeSpan.FromSeconds(10));
        tracker.Observe("/in/a.mkv", 100, Modified, T0);

        tracker
            .Observe("/in/a.mkv", 100, Modified.AddSeconds(1), T0.AddSeconds(10))
            .ShouldBeFalse();
    }

    [Fact]
    public void Tracking_twice_does_not_restart_the_window()
    {
        var tracker = new StabilityTracker(TimeSpan.FromSeconds(10));
        tracker.Track("/in/a.mkv", 100, Modified, T0);
        tracker.Track("/in/a.mkv", 100, Modified, T0.AddSeconds(5));

        tracker.Observe("/in/a.mkv", 100, Modified, T0.AddSeconds(10)).ShouldBeTrue();
    }
}
