using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Sluice.Domain.Items;
using Sluice.Node.Configuration;

namespace Sluice.Node.Notify;

/// <summary>
/// A Plex Media Server: a partial scan of exactly the folders that changed, in every library
/// section whose location holds them (GET /library/sections, then
/// GET /library/sections/{key}/refresh?path=…), the token in the X-Plex-Token header, never in a URL.
/// </summary>
public sealed class PlexChannel(
    PlexOptions options,
    string libraryRoot,
    HttpClient http,
    ILogger<PlexChannel> log
) : INotifyChannel
{
    private readonly Uri _server = new(options.Url.TrimEnd('/') + "/");

    public string Name { get; } = $"plex:{options.Name}";

    public bool IsRefresh => true;

    public Gathering Gathering => Gathering.Everything;

    public async Task SendAsync(
        IReadOnlyList<Item> items,
        string idempotencyKey,
        CancellationToken ct
    )
    {
        var sections = await SectionsAsync(ct);
        foreach (var folder in LibraryFolders.Of(items, options.LibraryRoot ?? libraryRoot))
        {
            var holders = sections
                .Where(s => s.Locations.Any(l => LibraryFolders.IsUnder(folder, l)))
                .ToList();
            if (holders.Count == 0)
            {
                log.LogWarning(
                    "{Channel}: no library section holds {Folder} (sections: {Locations}); check Notify:Plex's LibraryRoot",
                    Name,
                    folder,
                    string.Join(", ", sections.SelectMany(s => s.Locations))
                );
                continue;
            }

            foreach (var section in holders)
            {
                await GetAsync(
                    $"library/sections/{Uri.EscapeDataString(section.Key)}/refresh?path={Uri.EscapeDataString(folder)}",
                    ct
                );
            }
        }
    }

    private sealed record Section(string Key, IReadOnlyList<string> Locations);

    private async Task<IReadOnlyList<Section>> SectionsAsync(CancellationToken ct)
    {
        var text = await GetAsync("library/sections", ct);
        try
        {
            using var doc = JsonDocument.Parse(text);
            if (
                !doc.RootElement.TryGetProperty("MediaContainer", out var container)
                || !container.TryGetProperty("Directory", out var directories)
            )
            {
                return [];
            }

            return
            [
                .. directories
                    .EnumerateArray()
                    .Select(d => new Section(
                        d.GetProperty("key").ToString(),
                        d.TryGetProperty("Location", out var locations)
                            ?
                            [
                                .. locations
                                    .EnumerateArray()
                                    .Select(l => l.GetProperty("path").GetString()!),
                            ]
                            : []
                    )),
            ];
        }
        catch (Exception ex)
            when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new DeliveryException(
                DeliveryFault.Transient,
                $"{Name}: the library sections answer is not Plex's JSON",
                inner: ex
            );
        }
    }

    private async Task<string> GetAsync(string relative, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_server, relative));
        request.Headers.Add("X-Plex-Token", options.Token);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, ct);
        }
        catch (Exception ex)
            when (ex is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested
            )
        {
            throw DeliveryException.FromFailure(Name, ex);
        }

        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(CancellationToken.None);
            return response.IsSuccessStatusCode
                ? text
                : throw DeliveryException.FromStatus(Name, response, text);
        }
    }
}
