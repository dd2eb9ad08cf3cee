using Sluice.Tools.Rclone;

namespace Sluice.Node.Configuration;

public sealed class IncomingOptions
{
    public const string Section = "Incoming";

    /// <summary>A file is taken only after its size and modification time held still this long.</summary>
    public TimeSpan StableFor { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Full rescans catch what the watcher missed (inotify can overflow).</summary>
    public TimeSpan RescanInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Video extensions taken in, without dots, case-insensitive.</summary>
    public List<string> Extensions { get; set; } =
    ["mkv", "mp4", "m4v", "avi", "mov", "webm", "ts", "m2ts", "wmv", "mpg", "mpeg", "flv", "ogm"];
}

public sealed partial class VaultDestinationOptions
{
    public string Name { get; set; } = "";

    /// <summary>An rclone remote and folder (`gdrive:Media`) or a local folder.</summary>
    public string Remote { get; set; } = "";

    /// <summary>
    /// A replica is filled by the distribute step from a primary copy (remote to remote, on a
    /// node with the distribute role) instead of being uploaded by the node that holds the file.
    /// </summary>
    public bool Replica { get; set; }
}

public sealed class VaultOptions
{
    public const string Section = "Vault";

    /// <summary>Empty means one local destination, `local`, at DATA/vault.</summary>
    public List<VaultDestinationOptions> Destinations { get; set; } = [];

    public string RcloneExecutable { get; set; } = "rclone";

    /// <summary>rclone.conf holding the remotes; rclone's own default when empty.</summary>
    public string? RcloneConfig { get; set; }

    /// <summary>
    /// `Daemon`: one `rclone rcd` on loopback for the node's life (started on first use, stopped
    /// at shutdown), which keeps connections to each remote open; `Processes`: one rclone
    /// process per call. The vault benchmark measures both.
    /// </summary>
    public RcloneTransport Transport { get; set; } = RcloneTransport.Daemon;
}

public sealed partial class EncodeOptions
{
    public const string Section = "Encode";

    public string FfmpegExecutable { get; set; } = "ffmpeg";

    public string FfprobeExecutable { get; set; } = "ffprobe";

    /// <summary>Library folder that holds encoded outputs, mirroring the source layout.</summary>
    public string OutputFolder { get; set; } = "Encoded";
}

public sealed class WebhookOptions
{
    public string Name { get; set; } = "";

    /// <summary>The endpoint. A secret in itself for Discord: never logged or shown by the API.</summary>
    public string Url { get; set; } = "";

    /// <summary>When set, generic webhooks carry X-Sluice-Signature: sha256=HMAC(secret, body).</summary>
    public string? Secret { get; set; }
}

public sealed class NotifyOptions
{
    public const string Section = "Notify";

    public List<WebhookOptions> Discord { get; set; } = [];

    public List<WebhookOptions> Webhooks { get; set; } = [];

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A 429 asking to wait longer than this ends the attempt and retries later instead.</summary>
    public TimeSpan MaxInlineRetryAfter { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Media servers whose library is refreshed, folder by folder, before the messages go out.</summary>
    public List<PlexOptions> Plex { get; set; } = [];

    public List<JellyfinOptions> Jellyfin { get; set; } = [];

    /// <summary>Episodes of one season reaching notify within this of the first become one Discord message.</summary>
    public TimeSpan CoalesceWindow { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>A failing channel waits from this, doubling up to <see cref="RetryBackoffMax"/>, ±20 %.</summary>
    public TimeSpan RetryBackoffBase { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan RetryBackoffMax { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>After this many failures in a row a channel is quarantined until `ctl notify release`.</summary>
    public int QuarantineAfter { get; set; } = 10;

    /// <summary>Per-channel announcement filters (ctl adds more through the database).</summary>
    public List<NotifyFilterOptions> Filters { get; set; } = [];

    /// <summary>Who is mentioned in a show's Discord announcements (ctl adds more through the database).</summary>
    public List<SubscriptionOptions> Subscriptions { get; set; } = [];

    /// <summary>The AniList and MyAnimeList watch lists filters and subscriptions name.</summary>
    public WatchListOptions Lists { get; set; } = new();

    /// <summary>Channel names in a stable order: media servers, then discord channels, then webhooks.</summary>
    public IReadOnlyList<string> Channels =>
        [
            .. RefreshChannels,
            .. Discord.Select(d => $"discord:{d.Name}"),
            .. Webhooks.Select(w => $"webhook:{w.Name}"),
        ];

    /// <summary>The channels that go first for each item: a library refresh, so the message's links work.</summary>
    public IReadOnlyList<string> RefreshChannels =>
        [.. Plex.Select(p => $"plex:{p.Name}"), .. Jellyfin.Select(j => $"jellyfin:{j.Name}")];
}
