using Sluice.Domain.Items;
using Sluice.Node.Configuration;
using Sluice.Node.Vault;
using Sluice.Testing;

namespace Sluice.Node.Tests.Vault;

/// <summary>An upload window is kept to the end: an upload still running when its window closes is stopped and waits for the next one.</summary>
public sealed class UploadWindowSpecs : IDisposable
{
    private static readonly DateTimeOffset Midnight = new(2026, 3, 2, 0, 0, 0, TimeSpan.Zero);

    private readonly TempDirectory _temp = new("sluice-window");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _temp.Dispose();

    private static DestinationSchedule Schedule(params string[] windows) =>
        DestinationSchedule.Parse(
            new VaultDestinationOptions
            {
                Name = "d",
                Remote = "r:",
                TimeZone = "UTC",
                UploadWindows = [.. windows],
            },
            TimeZoneInfo.Utc,
            "Vault:Destinations:0"
        );

    [Theory]
    [InlineData(new[] { "22:00-06:00" }, 23, 30, 6)]
    [InlineData(new[] { "22:00-06:00" }, 2, 0, 6)]
    [InlineData(new[] { "01:00-02:00", "02:00-03:00" }, 1, 30, 3)]
    [InlineData(new[] { "01:00-03:00", "02:00-04:00" }, 1, 30, 4)]
    public void A_window_closes_at_the_end_of_the_open_stretch(
        string[] windows,
        int hour,
        int minute,
        int closesHour
    )
    {
        var now = Midnight.AddHours(hour).AddMinutes(minute);

        var closes = Schedule(windows).ClosesAt(now).ShouldNotBeNull();

        closes.ShouldBeGreaterThan(now);
        (closes - now).ShouldBeLessThan(TimeSpan.FromDays(1));
        closes.Hour.ShouldBe(closesHour);
        closes.Minute.ShouldBe(0);
    }

    [Fact]
    public void Without_windows_or_with_a_whole_day_nothing_shuts_an_upload_off()
    {
        Schedule().ClosesAt(Midnight).ShouldBeNull();
        Schedule("00:00-00:00").ClosesAt(Midnight).ShouldBeNull();
        Schedule("00:00-12:00", "12:00-00:00").ClosesAt(Midnight).ShouldBeNull();
    }

    [Fact]
    public async Task An_upload_running_when_its_window_closes_is_stopped_and_waits_for_the_next_window()
    {
        var time = new ManualTimeProvider(Midnight.AddHours(5).AddMinutes(59));
        var vault = _temp.Combine("vault");
        await using var rig = await VaultRig.CreateAsync(
            new VaultDestinationOptions
            {
                Name = "cloud",
                Remote = vault,
                TimeZone = "UTC",
                UploadWindows = ["01:00-06:00"],
            },
            null,
            time,
            rcloneFlags: ["--bwlimit", "20k"]
        );
        var id = await rig.SanitizedAsync("Shows/A/A - S01E01.mkv", new byte[400_000]);
        var folder = Path.Combine(vault, "Shows", "A");

        var run = rig.RunVaultAsync(id);
        (
            await Eventually.TrueWithinAsync(
                () => Directory.Exists(folder) && Directory.EnumerateFiles(folder).Any(),
                TimeSpan.FromSeconds(10),
                Ct
            )
        ).ShouldBeTrue("the upload started");
        time.Advance(TimeSpan.FromMinutes(2));
        (await run.WaitAsync(TimeSpan.FromSeconds(20), Ct)).ShouldBeTrue();

        var waiting = await rig.ItemAsync(id);
        waiting.Item.State.ShouldBe(ItemState.Sanitized);
        waiting.Item.Copies.ShouldBeEmpty();
        var job = waiting.Job.ShouldNotBeNull();
        job.State.ShouldBe("retryable");
        job.Attempt.ShouldBe(0, "a closed window is not a failure");
        job.RunAt.ShouldBe(Midnight.AddDays(1).AddHours(1));
        job.LastError.ShouldNotBeNull().ShouldContain("upload window closed");
        File.Exists(Path.Combine(folder, "A - S01E01.mkv")).ShouldBeFalse();
    }
}
