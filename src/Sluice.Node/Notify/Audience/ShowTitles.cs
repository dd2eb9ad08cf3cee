using Sluice.Domain.Items;
using Sluice.Node.Metadata;

namespace Sluice.Node.Notify.Audience;

/// <summary>
/// What an item says about its show for filters and subscriptions: its titles (the sorted title,
/// and the provider's native and other ones) as written and as <see cref="TitleKey"/>s, and its
/// AniList and MyAnimeList ids when sanitize matched it on AniList.
/// </summary>
public sealed record ShowTitles(
    IReadOnlyList<string> Raw,
    IReadOnlyList<string> Keys,
    int? AniListId,
    int? MalId
)
{
    public static ShowTitles Of(Item item)
    {
        var media = item.Media;
        var raw = new List<string>();
        if (media?.Title is { Length: > 0 } title)
        {
            raw.Add(title);
        }

        if (media?.Details?.NativeTitle is { Length: > 0 } native)
        {
            raw.Add(native);
        }

        raw.AddRange(media?.Details?.Titles.Where(t => t.Length > 0) ?? []);

        return new ShowTitles(
            raw,
            [.. raw.SelectMany(TitleKey.Variants).Where(k => k.Length > 0).Distinct()],
            media?.Details is { Provider: AniListClient.ProviderName } details
                ? details.ProviderId
                : null,
            media?.Details?.MalId
        );
    }

    /// <summary>Whether <paramref name="words"/> (a title key) appears, whole words, in one of the titles.</summary>
    public bool ContainsWords(string words) =>
        words.Length > 0
        && Keys.Any(k => $" {k} ".Contains($" {words} ", StringComparison.Ordinal));

    public bool HasKey(string key) => Keys.Contains(key, StringComparer.Ordinal);
}
