using Microsoft.Extensions.Options;

namespace Sluice.Node.Configuration;

/// <summary>The notify settings beyond the channel list: coalescing, backoff and quarantine.</summary>
public sealed class NotifyOptionsValidation : IValidateOptions<NotifyOptions>
{
    public ValidateOptionsResult Validate(string? name, NotifyOptions o)
    {
        List<string?> failures =
        [
            o.CoalesceWindow < TimeSpan.Zero || o.CoalesceWindow > TimeSpan.FromDays(1)
                ? $"Notify:CoalesceWindow must be within 00:00:00..1.00:00:00 (got {o.CoalesceWindow})."
                : null,
            o.RetryBackoffBase <= TimeSpan.Zero
                ? $"Notify:RetryBackoffBase must be positive (got {o.RetryBackoffBase})."
                : null,
            o.RetryBackoffMax < o.RetryBackoffBase
                ? "Notify:RetryBackoffMax must not be below Notify:RetryBackoffBase."
                : null,
            o.QuarantineAfter is < 1 or > 1000
                ? $"Notify:QuarantineAfter must be within 1..1000 (got {o.QuarantineAfter})."
                : null,
            o.MaxInlineRetryAfter < TimeSpan.Zero
                ? "Notify:MaxInlineRetryAfter must not be negative."
                : null,
        ];
        var list = failures.OfType<string>().ToList();
        return list.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(list);
    }
}
