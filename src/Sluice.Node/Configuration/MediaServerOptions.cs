namespace Sluice.Node.Configuration;

/// <summary>A Plex Media Server whose library sections are refreshed for the exact folders that changed.</summary>
public sealed class PlexOptions
{
    public string Name { get; set; } = "";

    /// <summary>The server, e.g. http://127.0.0.1:32400.</summary>
    public string Url { get; set; } = "";

    /// <summary>X-Plex-Token, sent as a header. A secret: never logged or shown by the API.</summary>
    public string Token { get; set; } = "";

    /// <summary>
    /// Sluice's library folder as the server sees it (/data/media when the server runs in a
    /// container); unset means the same path as this node's library.
    /// </summary>
    public string? LibraryRoot { get; set; }
}

/// <summary>A Jellyfin server told about new folders through POST /Library/Media/Updated.</summary>
public sealed class JellyfinOptions
{
    public string Name { get; set; } = "";

    /// <summary>The server, e.g. http://127.0.0.1:8096.</summary>
    public string Url { get; set; } = "";

    /// <summary>An API key (Dashboard → API Keys), sent as Authorization: MediaBrowser Token="…". A secret.</summary>
    public string ApiKey { get; set; } = "";

    /// <summary>Sluice's library folder as the server sees it; unset means this node's library path.</summary>
    public string? LibraryRoot { get; set; }
}
