using Sluice.Node.Configuration;

namespace Sluice.Node.Tests.Configuration;

public sealed class NotifyOptionsValidationSpecs
{
    private static readonly NotifyOptionsValidation Validation = new();

    [Fact]
    public void The_defaults_are_valid() =>
        Validation.Validate(null, new NotifyOptions()).Succeeded.ShouldBeTrue();

    [Theory]
    [InlineData("CoalesceWindow")]
    [InlineData("RetryBackoffBase")]
    [InlineData("RetryBackoffMax")]
    [InlineData("QuarantineAfter")]
    public void A_bad_value_names_its_key(string key)
    {
        var options = new NotifyOptions();
        switch (key)
        {
            case "CoalesceWindow":
                options.CoalesceWindow = TimeSpan.FromSeconds(-1);
                break;
            case "RetryBackoffBase":
                options.RetryBackoffBase = TimeSpan.Zero;
                break;
            case "RetryBackoffMax":
                options.RetryBackoffMax = TimeSpan.FromSeconds(1);
                break;
            case "QuarantineAfter":
                options.QuarantineAfter = 0;
                break;
        }

        var result = Validation.Validate(null, options);

        result.Failed.ShouldBeTrue();
        result.FailureMessage!.ShouldContain($"Notify:{key}");
    }
}
