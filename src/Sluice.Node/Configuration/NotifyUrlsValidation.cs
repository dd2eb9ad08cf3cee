using Microsoft.Extensions.Options;
using Sluice.Domain.Items;

namespace Sluice.Node.Configuration;

/// <summary>A node that sends notifications needs every channel's URL; other nodes list channels by name only.</summary>
public sealed class NotifyUrlsValidation(IOptions<NodeOptions> node)
    : IValidateOptions<NotifyOptions>
{
    public ValidateOptionsResult Validate(string? name, NotifyOptions options)
    {
        if (!node.Value.EffectiveRoles.Contains(Roles.Notify))
        {
            return ValidateOptionsResult.Success;
        }

        var missing = options
            .Discord.Select((d, i) => (d.Url, Key: $"Notify:Discord:{i}:Url"))
            .Concat(options.Webhooks.Select((w, i) => (w.Url, Key: $"Notify:Webhooks:{i}:Url")))
            .Where(c => string.IsNullOrEmpty(c.Url))
            .Select(c =>
                $"{c.Key} is required on a node with the notify role (SLUICE_{c.Key.Replace(":", "__", StringComparison.Ordinal)})."
            )
            .ToList();
        return missing.Count == 0
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(missing);
    }
}
