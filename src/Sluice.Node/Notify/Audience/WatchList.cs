using System.Text.Json;
using Sluice.Node.Metadata;

namespace Sluice.Node.Notify.Audience;

/// <summary>One show on a watch list: its id on the list's service and every title it goes by.</summary>
public sealed record WatchListEntry(int Id, IReadOnlyList<string> Titles);

/// <summary>
/// A fetched watch list, ready to match items against: by the list's service's id when the
/// item has one (sanitize's AniList match gives both AniList's and MyAnimeList's), otherwise by
/// any of the show's normalized titles (main, English, romaji, native, synonyms).
/// </summary>
public sealed class WatchList
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly HashSet<int> _ids;
    private readonly HashSet<string> _keys;

    public WatchList(SourceKind kind, IReadOnlyList<WatchListEntry> entries)
    {
        Kind = kind;
        Entries = entries;
        _ids = [.. entries.Select(e => e.Id)];
        _keys =
        [
            .. entries
                .SelectMany(e => e.Titles.SelectMany(TitleKey.Variants))
                .Where(k => k.Length > 0),
        ];
    }

    public SourceKind Kind { get; }

    public IReadOnlyList<WatchListEntry> Entries { get; }

    public bool Contains(ShowTitles show) =>
        (Kind == SourceKind.AniList ? show.AniListId : show.MalId) is { } id
            ? _ids.Contains(id)
            : show.Keys.Any(_keys.Contains);

    public string Serialize() => JsonSerializer.Serialize(Entries, Json);

    public static WatchList? Deserialize(SourceKind kind, string json)
    {
        try
        {
            return JsonSerializer.Deserialize<List<WatchListEntry>>(json, Json) is { } entries
                ? new WatchList(kind, entries)
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
