using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sluice.Node.Configuration;

namespace Sluice.Node.Notify;

/// <summary>The channels this node can send on, built from Notify's configuration, by name.</summary>
public sealed class NotifyChannels
{
    private readonly Dictionary<string, INotifyChannel> _byName;

    /// <param name="http">For the media servers; bounded by Notify:Timeout.</param>
    /// <param name="libraryRoot">This node's library folder: a media server's default view of it.</param>
    public NotifyChannels(
        IOptions<NotifyOptions> options,
        WebhookSender sender,
        HttpClient http,
        string libraryRoot,
        TimeProvider time,
        ILogger<PlexChannel> plexLog
    )
    {
        var o = options.Value;
        All =
        [
            .. o.Plex.Select(p => (INotifyChannel)new PlexChannel(p, libraryRoot, http, plexLog)),
            .. o.Jellyfin.Select(j => new JellyfinChannel(j, libraryRoot, http)),
            .. o.Discord.Select(d => new DiscordChannel(d, sender, time)),
            .. o.Webhooks.Select(w => new GenericWebhookChannel(w, sender, time)),
        ];
        _byName = All.ToDictionary(c => c.Name, StringComparer.Ordinal);
    }

    public IReadOnlyList<INotifyChannel> All { get; }

    public INotifyChannel? Find(string name) => _byName.GetValueOrDefault(name);
}
