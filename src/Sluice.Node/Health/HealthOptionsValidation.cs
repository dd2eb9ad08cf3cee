using Microsoft.Extensions.Options;

namespace Sluice.Node.Health;

public sealed class HealthOptionsValidation : IValidateOptions<HealthOptions>
{
    public ValidateOptionsResult Validate(string? name, HealthOptions o)
    {
        var problems = new[]
        {
            o.ProbeInterval < TimeSpan.FromSeconds(1)
                ? "Health:ProbeInterval must be at least one second."
                : null,
            o.ProbeTimeout <= TimeSpan.Zero ? "Health:ProbeTimeout must be positive." : null,
            o.HardFloorPercent is < 0 or > 100
                ? $"Health:HardFloorPercent must be within 0..100 (got {o.HardFloorPercent})."
                : null,
            o.Union is { Length: > 0 } union && !Path.IsPathFullyQualified(union)
                ? $"Health:Union must be an absolute path (got '{union}')."
                : null,
        }
            .OfType<string>()
            .ToList();
        return problems.Count == 0
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(problems);
    }
}
