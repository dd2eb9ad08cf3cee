using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Sluice.Domain.Items;

namespace Sluice.Node.Notify;

/// <summary>One Discord message for a burst: the episodes of a season that arrived together.</summary>
public static partial class NotificationPayloads
{
    /// <summary>A Discord webhook body for one item, or one message listing a burst of episodes.</summary>
    public static JsonObject Discord(IReadOnlyList<Item> items, DateTimeOffset now)
    {
        ArgumentOutOfRangeException.ThrowIfZero(items.Count);
        if (items.Count == 1)
        {
            return Discord(items[0], now);
        }

        var ordered = items
            .OrderBy(i => i.Media?.Season)
            .ThenBy(i => i.Media?.Episodes.FirstOrDefault())
            .ToList();
        var first = ordered[0];
        var profiles = ordered.Select(i => i.Output?.Profile).Distinct().ToList();
        var details = ordered.Select(i => i.Media?.Details).FirstOrDefault(d => d is not null);
        var fields = new JsonArray
        {
            Field("Episodes", ordered.Count.ToString(CultureInfo.InvariantCulture)),
            Field("Size", Bytes(ordered.Sum(i => i.Size))),
            Field(
                "Subtitles",
                profiles.Count > 1 ? "mixed"
                    : profiles[0] == "hardsub" ? "hardsub"
                    : profiles[0] is null ? "as released"
                    : "none"
            ),
        };
        if (ordered.All(i => i.Output is not null))
        {
            fields.Add(Field("Duration", Clock(ordered.Sum(i => i.Output!.DurationSeconds))));
        }

        AddDetails(fields, details);
        var lines = new StringBuilder($"{ordered.Count} new episodes in the library:");
        foreach (var item in ordered)
        {
            lines.Append(CultureInfo.InvariantCulture, $"\n`{EpisodeLabel(item)}`");
            if (item.Media?.EpisodeTitle is { Length: > 0 } episodeTitle)
            {
                lines.Append(CultureInfo.InvariantCulture, $" {episodeTitle}");
            }

            if (item.Output is { } output)
            {
                lines.Append(
                    CultureInfo.InvariantCulture,
                    $" · {Clock(output.DurationSeconds)} · {output.Profile}"
                );
            }

            lines.Append(CultureInfo.InvariantCulture, $" · {Bytes(item.Size)}");
        }

        var embed = new JsonObject
        {
            ["title"] = Truncate(BurstTitle(first, ordered), 256),
            ["description"] = Truncate(lines.ToString(), 4096),
            ["color"] = Colour(profiles.Count == 1 ? profiles[0] : null),
            ["fields"] = fields,
            ["footer"] = new JsonObject
            {
                ["text"] = Truncate(
                    $"sluice • items {string.Join(' ', ordered.Select(i => i.Id))}",
                    2048
                ),
            },
            ["timestamp"] = now.ToString("O"),
        };
        Decorate(embed, details);
        return Message(embed);
    }

    /// <summary>"Frieren - S01E01-E03", or "Frieren - S01E01, E04" when they do not follow on.</summary>
    private static string BurstTitle(Item first, List<Item> ordered)
    {
        var title = first.Media?.Title ?? Title(first);
        var episodes = ordered.SelectMany(i => i.Media?.Episodes ?? []).Order().ToList();
        var season = first.Media?.Season;
        string Label(int episode) => season is { } s ? $"S{s:00}E{episode:00}" : $"{episode:00}";
        string Short(int episode) => season is null ? $"{episode:00}" : $"E{episode:00}";
        if (episodes.Count == 0)
        {
            return $"{title} ({ordered.Count} files)";
        }

        var contiguous = episodes.Zip(episodes.Skip(1)).All(p => p.Second == p.First + 1);
        return contiguous
            ? $"{title} - {Label(episodes[0])}-{Short(episodes[^1])}"
            : $"{title} - {Label(episodes[0])}, {string.Join(", ", episodes.Skip(1).Select(Short))}";
    }

    private static string EpisodeLabel(Item item) =>
        item.Media is { Episodes.Length: > 0 } media
            ? media.Season is { } season
                ? $"S{season:00}{string.Concat(media.Episodes.Select(e => $"E{e:00}"))}"
                : string.Join("-", media.Episodes.Select(e => $"{e:00}"))
            : Path.GetFileNameWithoutExtension(item.LibraryPath ?? item.Name);

    private static string Clock(double seconds) =>
        TimeSpan.FromSeconds(seconds).ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture);
}
