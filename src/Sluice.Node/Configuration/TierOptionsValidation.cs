using Microsoft.Extensions.Options;

namespace Sluice.Node.Configuration;

/// <summary>
/// Tier settings: the pass interval, the residency, and the watermarks, global and per volume: each within 0..100 and the low one strictly below
/// the high one (equal watermarks would evict one file, stop, and start again at once).
/// </summary>
public sealed class TierOptionsValidation : IValidateOptions<TierOptions>
{
    public ValidateOptionsResult Validate(string? name, TierOptions o)
    {
        var errors = new List<string>();
        Check(errors, "Tier", o.LowWatermarkPercent, o.HighWatermarkPercent);
        if (o.Interval < TimeSpan.FromSeconds(1))
        {
            errors.Add(
                $"Tier:Interval must be at least {TimeSpan.FromSeconds(1)} (got {o.Interval})."
            );
        }

        if (o.MinResidency < TimeSpan.Zero)
        {
            errors.Add("Tier:MinResidency must not be negative.");
        }
        for (var i = 0; i < o.Volumes.Count; i++)
        {
            var volume = o.Volumes[i];
            var key = $"Tier:Volumes:{i}";
            if (string.IsNullOrWhiteSpace(volume.Path) || !Path.IsPathFullyQualified(volume.Path))
            {
                errors.Add(
                    $"{key}:Path must be an absolute path on the volume (got '{volume.Path}')."
                );
            }

            if (volume.LowWatermarkPercent is null && volume.HighWatermarkPercent is null)
            {
                errors.Add($"{key} sets neither LowWatermarkPercent nor HighWatermarkPercent.");
            }

            Check(
                errors,
                key,
                volume.LowWatermarkPercent ?? o.LowWatermarkPercent,
                volume.HighWatermarkPercent ?? o.HighWatermarkPercent
            );
        }

        if (
            o
                .Volumes.Where(v => !string.IsNullOrWhiteSpace(v.Path))
                .GroupBy(v => Path.TrimEndingDirectorySeparator(v.Path))
                .FirstOrDefault(g => g.Count() > 1) is
            { } twice
        )
        {
            errors.Add($"Tier:Volumes names '{twice.Key}' twice.");
        }

        return errors.Count == 0
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(errors);
    }

    private static void Check(List<string> errors, string key, double low, double high)
    {
        if (low is < 0 or > 100 || double.IsNaN(low))
        {
            errors.Add($"{key}:LowWatermarkPercent must be within 0..100 (got {low}).");
        }

        if (high is < 0 or > 100 || double.IsNaN(high))
        {
            errors.Add($"{key}:HighWatermarkPercent must be within 0..100 (got {high}).");
        }

        if (low >= high)
        {
            errors.Add(
                $"{key}:LowWatermarkPercent ({low}) must be below {key}:HighWatermarkPercent ({high}): eviction starts below the low one and stops at the high one."
            );
        }
    }
}
