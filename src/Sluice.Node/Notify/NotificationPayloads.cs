using System.Globalization;
using System.Text.Json.Nodes;
using Sluice.Domain.Items;

namespace Sluice.Node.Notify;

/// <summary>
/// What an announcement says about an item. Built only from the item's own facts: no rclone
/// configuration, webhook URL or token ever goes into a payload.
/// </summary>
public static partial class NotificationPayloads
{
    private const int SoftsubColour = 0x3498DB;
    private const int HardsubColour = 0xE67E22;
    private const int RemuxColour = 0x2ECC71;

    public static string Title(Item item)
    {
        var media = item.Media;
        if (media?.Title is not { } title)
        {
            return Path.GetFileNameWithoutExtension(item.LibraryPath ?? item.Name);
        }

        return media.Kind switch
        {
            "episode" when media.Season is { } season && media.Episodes.Length > 0 =>
                $"{title} - S{season:00}{string.Concat(media.Episodes.Select(e => $"E{e:00}"))}",
            "episode" when media.Episodes.Length > 0 =>
                $"{title} - {string.Join("-", media.Episodes.Select(e => $"{e:00}"))}",
            "movie" when media.Year is { } year => $"{title} ({year})",
            _ => title,
        };
    }

    /// <summary>A Discord webhook body with one embed, in the spirit of Izumi's announcements.</summary>
    public static JsonObject Discord(Item item, DateTimeOffset now)
    {
        var profile = item.Output?.Profile;
        var fields = new JsonArray
        {
            Field("Size", Bytes(item.Size)),
            Field("Kind", item.Media?.Kind ?? "unknown"),
            Field(
                "Subtitles",
                profile == "hardsub" ? "hardsub"
                    : profile is null ? "as released"
                    : "none"
            ),
        };
        if (item.Output is { } output)
        {
            fields.Add(
                Field(
                    "Duration",
                    TimeSpan.FromSeconds(output.DurationSeconds).ToString(@"h\:mm\:ss")
                )
            );
            fields.Add(Field("Encoded", $"{output.Profile}, {Bytes(output.Size)}"));
        }

        var details = item.Media?.Details;
        AddDetails(fields, details);
        if (item.Media?.EpisodeTitle is { Length: > 0 } episodeTitle)
        {
            fields.Add(Field("Episode", episodeTitle));
        }

        var embed = new JsonObject
        {
            ["title"] = Truncate(Title(item), 256),
            ["description"] = Truncate(
                $"New in the library: `{item.LibraryPath ?? item.Name}`",
                4096
            ),
            ["color"] = Colour(profile),
            ["fields"] = fields,
            ["footer"] = new JsonObject { ["text"] = $"sluice • item {item.Id}" },
            ["timestamp"] = now.ToString("O"),
        };
        Decorate(embed, details);
        return Message(embed);
    }

    /// <summary>The webhook body around one embed; mentions are never parsed (titles come from file names).</summary>
    private static JsonObject Message(JsonObject embed) =>
        new()
        {
            ["username"] = "Sluice",
            ["embeds"] = new JsonArray { embed },
            ["allowed_mentions"] = new JsonObject { ["parse"] = new JsonArray() },
        };

    private static int Colour(string? profile) =>
        profile switch
        {
            "hardsub" => HardsubColour,
            "remux" => RemuxColour,
            _ => SoftsubColour,
        };

    /// <summary>The metadata provider's studio and score, as Izumi showed them.</summary>
    private static void AddDetails(JsonArray fields, MediaDetails? details)
    {
        if (details?.Studio is { } studio)
        {
            fields.Add(Field("Studio", studio));
        }

        if (details?.Score is { } score)
        {
            fields.Add(
                Field(
                    "Score",
                    $"{score}%"
                        + (
                            details.Popularity is { } popularity
                                ? $" · {popularity:N0} members"
                                : ""
                        )
                )
            );
        }
    }

    /// <summary>The show's link and cover, when they are web addresses (names are untrusted input).</summary>
    private static void Decorate(JsonObject embed, MediaDetails? details)
    {
        if (
            details?.Url is { } url
            && Uri.TryCreate(url, UriKind.Absolute, out var link)
            && link.Scheme is "https" or "http"
        )
        {
            embed["url"] = url;
        }

        if (
            details?.CoverUrl is { } cover
            && Uri.TryCreate(cover, UriKind.Absolute, out var image)
            && image.Scheme == "https"
        )
        {
            embed["thumbnail"] = new JsonObject { ["url"] = cover };
        }
    }

    /// <summary>A generic JSON webhook body: the item's public facts.</summary>
    public static JsonObject Webhook(Item item, string channel, DateTimeOffset now) =>
        new()
        {
            ["event"] = "item.notified",
            ["channel"] = channel,
            ["sentAt"] = now.ToString("O"),
            ["item"] = new JsonObject
            {
                ["id"] = item.Id.ToString(),
                ["title"] = Title(item),
                ["name"] = item.Name,
                ["libraryPath"] = item.LibraryPath,
                ["size"] = item.Size,
                ["kind"] = item.Media?.Kind,
                ["season"] = item.Media?.Season,
                ["episodes"] = item.Media is { } m
                    ? new JsonArray([.. m.Episodes.Select(e => (JsonNode)e)])
                    : null,
                ["year"] = item.Media?.Year,
                ["encoded"] = item.Output is { } o
                    ? new JsonObject
                    {
                        ["profile"] = o.Profile,
                        ["libraryPath"] = o.LibraryPath,
                        ["size"] = o.Size,
                    }
                    : null,
                ["vault"] = new JsonArray([
                    .. item.Copies.Select(c =>
                        (JsonNode)
                            new JsonObject
                            {
                                ["artifact"] = Names.Of(c.Artifact),
                                ["destination"] = c.Destination,
                            }
                    ),
                ]),
            },
        };

    private static JsonObject Field(string name, string value) =>
        new()
        {
            ["name"] = name,
            ["value"] = Truncate(value, 1024),
            ["inline"] = true,
        };

    /// <summary>1.4 GB, 350 MB, 12 KB: sizes as people read them.</summary>
    public static string Bytes(long bytes)
    {
        string[] units = ["B", "KB", "MB", "GB", "TB"];
        double value = bytes;
        var unit = 0;
        while (value >= 1024 && unit < units.Length - 1)
        {
            value /= 1024;
            unit++;
        }

        return string.Create(CultureInfo.InvariantCulture, $"{value:0.#} {units[unit]}");
    }

    private static string Truncate(string text, int max) =>
        text.Length <= max ? text : text[..(max - 1)] + "…";
}
