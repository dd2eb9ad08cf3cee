using Sluice.Node.Configuration;
using Sluice.Node.Vault;

namespace Sluice.Node.Tests.Vault;

public sealed class DestinationScheduleSpecs
{
    private static DestinationSchedule Schedule(Action<VaultDestinationOptions> configure)
    {
        var options = new VaultDestinationOptions
        {
            Name = "d",
            Remote = "r:",
            TimeZone = "UTC",
        };
        configure(options);
        return DestinationSchedule.Parse(options, TimeZoneInfo.Utc, "Vault:Destinations:0");
    }

    private static DateTimeOffset At(int hour, int minute = 0) =>
        new(2026, 3, 2, hour, minute, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(21, 59, false, 22)]
    [InlineData(22, 0, true, 0)]
    [InlineData(3, 0, true, 0)]
    [InlineData(6, 0, false, 22)]
    public void A_window_may_cross_midnight(int hour, int minute, bool open, int opensAtHour)
    {
        var schedule = Schedule(o => o.UploadWindows = ["22:00-06:00"]);

        schedule.IsOpen(At(hour, minute), out var opens).ShouldBe(open);

        if (!open)
        {
            opens.ShouldBe(At(opensAtHour));
        }
    }

    [Fact]
    public void The_earliest_of_several_windows_opens_next()
    {
        var schedule = Schedule(o => o.UploadWindows = ["13:00-14:00", "09:00-10:00"]);

        schedule.IsOpen(At(11), out var opens).ShouldBeFalse();

        opens.ShouldBe(At(13));
    }

    [Fact]
    public void Days_and_resets_follow_the_destination_time_zone()
    {
        var schedule = Schedule(o =>
        {
            o.TimeZone = "America/Los_Angeles";
            o.QuotaResetsAt = "00:00";
        });
        var now = new DateTimeOffset(2026, 3, 2, 7, 0, 0, TimeSpan.Zero); // 23:00 on the 1st in Los Angeles

        schedule.DayOf(now).ShouldBe("2026-03-01");
        schedule.NextDay(now).ShouldBe(new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero));
        schedule.QuotaResumes(now).ShouldBe(new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero));
    }

    [Fact]
    public void Without_a_reset_time_a_quota_error_pauses_for_the_configured_time()
    {
        var schedule = Schedule(o => o.QuotaPause = TimeSpan.FromMinutes(30));

        schedule.QuotaResumes(At(10)).ShouldBe(At(10, 30));
    }

    [Theory]
    [InlineData("700G", 700L << 30)]
    [InlineData("1.5T", 3L << 39)]
    [InlineData("500M", 500L << 20)]
    [InlineData("1024", 1024)]
    public void Caps_read_binary_units_like_rclone(string text, long bytes) =>
        DestinationSchedule.Size(text, "k").ShouldBe(bytes);

    [Theory]
    [InlineData("UploadWindows", "night", "Vault:Destinations:0:UploadWindows:0 'night'")]
    [InlineData("UploadWindows", "25:00-01:00", "not a time of day")]
    [InlineData("DailyCap", "lots", "Vault:Destinations:0:DailyCap 'lots' is not a size")]
    [InlineData("TimeZone", "Mars/Olympus", "is not a time zone")]
    [InlineData("QuotaResetsAt", "midnight", "Vault:Destinations:0:QuotaResetsAt")]
    public void A_bad_value_names_its_key(string key, string value, string message)
    {
        var options = new VaultOptions
        {
            Destinations =
            [
                new VaultDestinationOptions
                {
                    Name = "d",
                    Remote = "r:",
                    UploadWindows = key == "UploadWindows" ? [value] : [],
                    DailyCap = key == "DailyCap" ? value : null,
                    TimeZone = key == "TimeZone" ? value : null,
                    QuotaResetsAt = key == "QuotaResetsAt" ? value : null,
                },
            ],
        };

        var result = new OptionsValidation().Validate(null, options);

        result.Failed.ShouldBeTrue();
        result.FailureMessage.ShouldContain(message);
    }
}
