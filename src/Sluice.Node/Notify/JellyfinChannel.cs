using System.Net.Http.Json;
using Sluice.Domain.Items;
using Sluice.Node.Configuration;

namespace Sluice.Node.Notify;

/// <summary>
/// A Jellyfin server, told which folders changed (POST /Library/Media/Updated with one
/// "Created" update per folder) so it scans just those. The API key goes in the
/// Authorization: MediaBrowser header, which every Jellyfin since 10.8 reads (12 no longer
/// reads the legacy X-Emby-Token by default).
/// </summary>
public sealed class JellyfinChannel(JellyfinOptions options, string libraryRoot, HttpClient http)
    : INotifyChannel
{
    private readonly Uri _endpoint = new(options.Url.TrimEnd('/') + "/Library/Media/Updated");

    public string Name { get; } = $"jellyfin:{options.Name}";

    public bool IsRefresh => true;

    public Gathering Gathering => Gathering.Everything;

    public async Task SendAsync(
        IReadOnlyList<Item> items,
        string idempotencyKey,
        CancellationToken ct
    )
    {
        var updates = LibraryFolders
            .Of(items, options.LibraryRoot ?? libraryRoot)
            .Select(folder => new { Path = folder, UpdateType = "Created" });
        using var request = new HttpRequestMessage(HttpMethod.Post, _endpoint)
        {
            // Jellyfin's names as they are, not camel-cased.
            Content = JsonContent.Create(
                new { Updates = updates.ToList() },
                options: new System.Text.Json.JsonSerializerOptions()
            ),
        };
        request.Headers.TryAddWithoutValidation(
            "Authorization",
            $"MediaBrowser Token=\"{options.ApiKey}\""
        );
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
            if (!response.IsSuccessStatusCode)
            {
                throw DeliveryException.FromStatus(
                    Name,
                    response,
                    await response.Content.ReadAsStringAsync(CancellationToken.None)
                );
            }
        }
    }
}
