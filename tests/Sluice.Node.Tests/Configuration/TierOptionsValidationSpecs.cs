using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Sluice.Node.Configuration;
using Sluice.Node.Hosting;

namespace Sluice.Node.Tests.Configuration;

public sealed class TierOptionsValidationSpecs
{
    private static readonly TierOptionsValidation Validation = new();

    [Fact]
    public void The_defaults_start_below_35_percent_free_and_stop_at_40_and_are_valid()
    {
        var defaults = new TierOptions();

        defaults.LowWatermarkPercent.ShouldBe(35);
        defaults.HighWatermarkPercent.ShouldBe(40);
        Validation.Validate(null, defaults).Succeeded.ShouldBeTrue();
    }

    [Theory]
    [InlineData(
        40,
        30,
        "Tier:LowWatermarkPercent (40) must be below Tier:HighWatermarkPercent (30)"
    )]
    [InlineData(
        30,
        30,
        "Tier:LowWatermarkPercent (30) must be below Tier:HighWatermarkPercent (30)"
    )]
    [InlineData(-1, 30, "Tier:LowWatermarkPercent must be within 0..100 (got -1)")]
    [InlineData(10, 101, "Tier:HighWatermarkPercent must be within 0..100 (got 101)")]
    public void Global_watermarks_are_percentages_with_low_below_high(
        double low,
        double high,
        string message
    )
    {
        var result = Validation.Validate(
            null,
            new TierOptions { LowWatermarkPercent = low, HighWatermarkPercent = high }
        );

        result.Failed.ShouldBeTrue();
        result.FailureMessage!.ShouldContain(message);
    }

    [Fact]
    public void A_volume_entry_names_an_absolute_path_and_is_checked_against_the_global_values_it_falls_back_to()
    {
        var result = Validation.Validate(
            null,
            new TierOptions
            {
                Volumes =
                [
                    new TierVolumeOptions { Path = "/srv/encoded", LowWatermarkPercent = 20 },
                    new TierVolumeOptions { Path = "relative/dir", HighWatermarkPercent = 50 },
                    new TierVolumeOptions { Path = "/srv/big", LowWatermarkPercent = 45 },
                    new TierVolumeOptions { Path = "/srv/none" },
                    new TierVolumeOptions { Path = "/srv/encoded/", HighWatermarkPercent = 90 },
                ],
            }
        );

        result.Failed.ShouldBeTrue();
        var message = result.FailureMessage!;
        message.ShouldNotContain("Tier:Volumes:0");
        message.ShouldContain("Tier:Volumes:1:Path must be an absolute path");
        message.ShouldContain(
            "Tier:Volumes:2:LowWatermarkPercent (45) must be below Tier:Volumes:2:HighWatermarkPercent (40)"
        );
        message.ShouldContain("Tier:Volumes:3 sets neither");
        message.ShouldContain("Tier:Volumes names '/srv/encoded' twice");
    }

    [Fact]
    public void A_node_started_with_equal_watermarks_stops_with_a_message_naming_the_key()
    {
        var services = new ServiceCollection();
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(
                new Dictionary<string, string?>
                {
                    ["Tier:LowWatermarkPercent"] = "40",
                    ["Tier:HighWatermarkPercent"] = "40",
                }
            )
            .Build();
        services.AddSluiceOptions(configuration).AddSluiceTier();
        using var provider = services.BuildServiceProvider();

        var error = Should.Throw<OptionsValidationException>(() =>
            provider.GetRequiredService<IOptions<TierOptions>>().Value
        );
        error.Message.ShouldContain("Tier:LowWatermarkPercent (40) must be below");
    }
}
