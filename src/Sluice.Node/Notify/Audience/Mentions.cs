namespace Sluice.Node.Notify.Audience;

/// <summary>The Discord users and roles one announcement mentions, each once, in the order first found.</summary>
public sealed record Mentions(IReadOnlyList<string> Users, IReadOnlyList<string> Roles)
{
    public static Mentions None { get; } = new([], []);

    public bool IsEmpty => Users.Count == 0 && Roles.Count == 0;
}

/// <summary>A subscriber: "user:ID" or "role:ID" (Discord snowflakes).</summary>
public sealed record Mention(bool IsRole, string Id)
{
    public string Text => IsRole ? $"role:{Id}" : $"user:{Id}";

    public static Mention? Parse(string? text, out string? error)
    {
        error = null;
        var parts = (text ?? "").Split(':', 2);
        if (parts.Length == 2 && parts[0] is "user" or "role" && IsSnowflake(parts[1]))
        {
            return new Mention(parts[0] == "role", parts[1]);
        }

        error = $"'{text}' is not a mention: write user:ID or role:ID with Discord's numeric id.";
        return null;
    }

    public static bool IsSnowflake(string? id) =>
        id is { Length: >= 1 and <= 20 } && id.All(char.IsAsciiDigit);
}

/// <summary>
/// What a subscription is to: a show by title (its <see cref="Metadata.TitleKey"/>), by AniList
/// id ("anilist:ID"), or everything on a watch list ("list:anilist:USER", "list:mal:USER").
/// </summary>
public sealed record ShowRef(string Text, string? Key, int? AniListId, FilterSource? List)
{
    public static ShowRef? Parse(string? text, out string? error)
    {
        error = null;
        var value = (text ?? "").Trim();
        if (value.StartsWith("list:", StringComparison.OrdinalIgnoreCase))
        {
            var list = FilterSource.Parse(value[5..], out error);
            if (list is null || !list.IsList)
            {
                error ??= $"'{value}' is not a list: write list:anilist:USER or list:mal:USER.";
                return null;
            }

            return new ShowRef($"list:{list.Text}", null, null, list);
        }

        if (value.StartsWith("anilist:", StringComparison.OrdinalIgnoreCase))
        {
            if (int.TryParse(value[8..], out var id) && id > 0)
            {
                return new ShowRef($"anilist:{id}", null, id, null);
            }

            error = $"'{value}' is not an AniList id (anilist:12345).";
            return null;
        }

        var key = Metadata.TitleKey.Of(value);
        if (key.Length == 0)
        {
            error = $"The show '{value}' has no letters or digits to match.";
            return null;
        }

        return new ShowRef(value, key, null, null);
    }
}
