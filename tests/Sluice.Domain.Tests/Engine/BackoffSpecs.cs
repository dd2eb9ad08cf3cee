using Sluice.Domain.Engine;

namespace Sluice.Domain.Tests.Engine;

public sealed class BackoffSpecs
{
    private static readonly Backoff Policy = new(TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(10));

    [Fact]
    public void Delay_doubles_with_each_attempt_without_jitter()
    {
        Policy.Delay(1, 0.5).ShouldBe(TimeSpan.FromSeconds(5));
        Policy.Delay(2, 0.5).ShouldBe(TimeSpan.FromSeconds(10));
        Policy.Delay(4, 0.5).ShouldBe(TimeSpan.FromSeconds(40));
    }

    [Fact]
    public void Delay_never_exceeds_the_cap_even_with_jitter()
    {
        Policy.Delay(50, 0.999).ShouldBeLessThanOrEqualTo(TimeSpan.FromMinutes(10));
        Policy.Delay(50, 0.0).ShouldBe(TimeSpan.FromMinutes(8));
    }

    [Fact]
    public void Jitter_spreads_the_delay_by_a_fifth_either_way()
    {
        Policy.Delay(1, 0.0).ShouldBe(TimeSpan.FromSeconds(4));
        Policy.Delay(1, 0.99999).TotalSeconds.ShouldBe(6, tolerance: 0.001);
    }

    [Fact]
    public void Attempts_start_at_one()
    {
        Should.Throw<ArgumentOutOfRangeException>(() => Policy.Delay(0, 0.5));
    }
}
