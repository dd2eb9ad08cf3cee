using System.Net;
using Microsoft.Extensions.Options;

namespace Sluice.Node.Configuration;

/// <summary>
/// Checks configuration at start so a bad value stops the node with a message that names the
/// key, instead of failing later inside a step.
/// </summary>
public sealed class OptionsValidation
    : IValidateOptions<EngineOptions>,
        IValidateOptions<StagesOptions>,
        IValidateOptions<IncomingOptions>,
        IValidateOptions<VaultOptions>,
        IValidateOptions<NotifyOptions>,
        IValidateOptions<ApiOptions>,
        IValidateOptions<NodeOptions>,
        IValidateOptions<StoreOptions>
{
    public ValidateOptionsResult Validate(string? name, EngineOptions o) =>
        Result(
            Positive(o.LeaseDuration, "Engine:LeaseDuration", TimeSpan.FromSeconds(1)),
            Positive(o.PollInterval, "Engine:PollInterval", TimeSpan.FromMilliseconds(10)),
            Positive(o.RescueInterval, "Engine:RescueInterval", TimeSpan.FromMilliseconds(10)),
            Positive(o.RetryBackoffBase, "Engine:RetryBackoffBase", TimeSpan.Zero),
            o.NodeDeadAfter < o.LeaseDuration
                ? "Engine:NodeDeadAfter must be at least Engine:LeaseDuration."
                : null,
            o.RetryBackoffMax < o.RetryBackoffBase
                ? "Engine:RetryBackoffMax must not be below Engine:RetryBackoffBase."
                : null
        );

    public ValidateOptionsResult Validate(string? name, StagesOptions o) =>
        Result([
            .. Stage(o.Sanitize, "Sanitize"),
            .. Stage(o.Vault, "Vault"),
            .. Stage(o.Tier, "Tier"),
            .. Stage(o.Encode, "Encode"),
            .. Stage(o.Distribute, "Distribute"),
            .. Stage(o.Notify, "Notify"),
        ]);

    public ValidateOptionsResult Validate(string? name, IncomingOptions o) =>
        Result(
            Positive(o.StableFor, "Incoming:StableFor", TimeSpan.Zero),
            Positive(o.RescanInterval, "Incoming:RescanInterval", TimeSpan.FromSeconds(1)),
            o.Extensions.Count == 0
                ? "Incoming:Extensions must list at least one extension."
                : null,
            o.Extensions.FirstOrDefault(e =>
                e.Contains('.', StringComparison.Ordinal)
                || e.Contains('/', StringComparison.Ordinal)
            )
                is { } bad
                ? $"Incoming:Extensions entries are bare extensions like 'mkv' (got '{bad}')."
                : null
        );

    public ValidateOptionsResult Validate(string? name, VaultOptions o) =>
        Result([
            .. o.Destinations.SelectMany(
                (d, i) =>
                    new[]
                    {
                        string.IsNullOrWhiteSpace(d.Name)
                            ? $"Vault:Destinations:{i}:Name is required."
                            : null,
                        string.IsNullOrWhiteSpace(d.Remote)
                            ? $"Vault:Destinations:{i}:Remote is required (an rclone remote like 'gdrive:Media' or a folder)."
                            : null,
                        ScheduleProblem(d, i),
                        d.BandwidthLimit is { } limit
                        && (
                            limit.Contains('\n', StringComparison.Ordinal)
                            || limit.TrimStart().StartsWith('-')
                        )
                            ? $"Vault:Destinations:{i}:BandwidthLimit '{limit}' is not an rclone bandwidth (e.g. 8M, or '08:00,512k 23:00,off')."
                            : null,
                    }
            ),
            o.Destinations.Count > 0 && o.Destinations.All(d => d.Replica)
                ? "Vault:Destinations needs at least one destination that is not a replica (replicas are filled from it)."
                : null,
            o.Destinations.GroupBy(d => d.Name).FirstOrDefault(g => g.Count() > 1) is { } dup
                ? $"Vault:Destinations has two destinations named '{dup.Key}'."
                : null,
            o.RcloneConfig is { Length: > 0 } config && !File.Exists(config)
                ? $"Vault:RcloneConfig points at '{config}', which does not exist."
                : null,
        ]);

    private static string? ScheduleProblem(VaultDestinationOptions d, int index)
    {
        try
        {
            Vault.DestinationSchedule.Parse(d, TimeZoneInfo.Utc, $"Vault:Destinations:{index}");
            return null;
        }
        catch (FormatException ex)
        {
            return ex.Message;
        }
    }

    public ValidateOptionsResult Validate(string? name, NotifyOptions o) =>
        Result([
            .. o.Discord.Select((d, i) => Url(d.Url, $"Notify:Discord:{i}:Url")),
            .. o.Discord.Select(
                (d, i) =>
                    string.IsNullOrWhiteSpace(d.Name)
                        ? $"Notify:Discord:{i}:Name is required."
                        : null
            ),
            .. o.Webhooks.Select((w, i) => Url(w.Url, $"Notify:Webhooks:{i}:Url")),
            .. o.Webhooks.Select(
                (w, i) =>
                    string.IsNullOrWhiteSpace(w.Name)
                        ? $"Notify:Webhooks:{i}:Name is required."
                        : null
            ),
            o.Channels.GroupBy(c => c).FirstOrDefault(g => g.Count() > 1) is { } dup
                ? $"Notify has two channels named '{dup.Key}'."
                : null,
            Positive(o.Timeout, "Notify:Timeout", TimeSpan.Zero),
        ]);

    public ValidateOptionsResult Validate(string? name, ApiOptions o)
    {
        if (!ListenAddress.TryParse(o.Listen, out var address))
        {
            return Result(
                $"Api:Listen must be HOST:PORT such as 127.0.0.1:5480 (got '{o.Listen}')."
            );
        }

        return Result(
            !address.IsLoopback && string.IsNullOrEmpty(o.Token)
                ? $"Api:Listen is {o.Listen}, beyond loopback: set a token (SLUICE_TOKEN, or Api:Token) or listen on 127.0.0.1."
                : null
        );
    }

    public ValidateOptionsResult Validate(string? name, NodeOptions o) =>
        Result(
            string.IsNullOrWhiteSpace(o.Name)
            || o.Name.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c == ',')
                ? $"Node:Name must be a non-empty word without spaces or commas (got '{o.Name}')."
                : null,
            Domain.Items.Roles.Problem(o.EffectiveRoles) is { } problem
                ? $"Node:Roles: {problem}."
                : null
        );

    public ValidateOptionsResult Validate(string? name, StoreOptions o) =>
        Result(
            o.JobRetention < TimeSpan.Zero ? "Store:JobRetention must not be negative." : null,
            o.Postgres is { Length: > 0 } connection && !IsConnectionString(connection)
                ? "Store:Postgres is not a connection string (Host=...;Database=...;Username=...;Password=...)."
                : null
        );

    private static bool IsConnectionString(string text)
    {
        try
        {
            return !string.IsNullOrEmpty(new Npgsql.NpgsqlConnectionStringBuilder(text).Host);
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static IEnumerable<string?> Stage(StageOptions s, string stage) =>
        [
            s.Concurrency is < 1 or > 64
                ? $"Stages:{stage}:Concurrency must be within 1..64 (got {s.Concurrency})."
                : null,
            s.MaxAttempts is < 1 or > 1000
                ? $"Stages:{stage}:MaxAttempts must be within 1..1000 (got {s.MaxAttempts})."
                : null,
            s.ClusterLimit is < 1
                ? $"Stages:{stage}:ClusterLimit must be at least 1 when set (got {s.ClusterLimit})."
                : null,
        ];

    private static string? Positive(TimeSpan value, string key, TimeSpan min) =>
        value < min ? $"{key} must be at least {min} (got {value})." : null;

    // Empty is allowed here; NotifyUrlsValidation requires URLs on nodes that send.
    private static string? Url(string value, string key) =>
        string.IsNullOrEmpty(value)
        || (Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
            ? null
            : $"{key} must be an http(s) URL.";

    private static ValidateOptionsResult Result(params IEnumerable<string?> failures)
    {
        var list = failures.OfType<string>().ToList();
        return list.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(list);
    }
}

/// <summary>HOST:PORT for the API; HOST may be a name (localhost) or an address.</summary>
public sealed record ListenAddress(string Host, int Port, bool IsLoopback)
{
    public static bool TryParse(string? text, out ListenAddress address)
    {
        address = new ListenAddress("", 0, false);
        var colon = text?.LastIndexOf(':') ?? -1;
        if (
            text is null
            || colon <= 0
            || !int.TryParse(text[(colon + 1)..], out var port)
            || port is < 0 or > 65535
        )
        {
            return false;
        }

        var host = text[..colon].Trim('[', ']');
        var loopback =
            host == "localhost"
            || (IPAddress.TryParse(host, out var ip) && IPAddress.IsLoopback(ip));
        address = new ListenAddress(host, port, loopback);
        return true;
    }

    public string Url =>
        $"http://{(Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]" : Host)}:{Port}";
}
