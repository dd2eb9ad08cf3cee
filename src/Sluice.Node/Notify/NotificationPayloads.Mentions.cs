using System.Text;
using System.Text.Json.Nodes;
using Sluice.Domain.Items;
using Sluice.Node.Notify.Audience;

namespace Sluice.Node.Notify;

/// <summary>Subscribers named in a Discord announcement, and only they pinged.</summary>
public static partial class NotificationPayloads
{
    /// <summary>Discord's limit on a message's content.</summary>
    private const int MaxContent = 2000;

    /// <summary>
    /// The announcement of <paramref name="items"/> with <paramref name="mentions"/> in its
    /// content; allowed_mentions lists exactly the users and roles written there and parses
    /// nothing else, so no title (they come from file names) can ping anyone.
    /// </summary>
    public static JsonObject Discord(
        IReadOnlyList<Item> items,
        DateTimeOffset now,
        Mentions mentions
    )
    {
        var body = Discord(items, now);
        if (mentions.IsEmpty)
        {
            return body;
        }

        var content = new StringBuilder();
        var users = new JsonArray();
        var roles = new JsonArray();
        foreach (
            var (id, role) in mentions
                .Users.Select(u => (u, false))
                .Concat(mentions.Roles.Select(r => (r, true)))
        )
        {
            var tag = role ? $"<@&{id}>" : $"<@{id}>";
            if (content.Length + tag.Length + 1 > MaxContent)
            {
                break;
            }

            content.Append(content.Length == 0 ? "" : " ").Append(tag);
            (role ? roles : users).Add(id);
        }

        body["content"] = content.ToString();
        body["allowed_mentions"] = new JsonObject
        {
            ["parse"] = new JsonArray(),
            ["users"] = users,
            ["roles"] = roles,
        };
        return body;
    }
}
