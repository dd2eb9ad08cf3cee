using Sluice.Domain.Items;
using Sluice.Node.Notify;
using Sluice.Node.Notify.Audience;

namespace Sluice.Node.Tests.Notify;

/// <summary>Mentions in a Discord body: written in content, and allowed for exactly those ids.</summary>
public sealed class MentionPayloadSpecs
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly Item Episode = new()
    {
        Id = ItemId.New(),
        SourceKey = "sha256:x",
        Name = "Frieren - 07.mkv",
        IncomingPath = "/in/x.mkv",
        Size = 1,
        State = ItemState.Encoded,
        LibraryPath = "Shows/Frieren/Season 01/Frieren - S01E07.mkv",
        Media = new MediaSummary("episode", "Frieren", 1, [7], null),
    };

    [Fact]
    public void Without_subscribers_the_body_has_no_content_and_parses_no_mentions()
    {
        var body = NotificationPayloads.Discord([Episode], Now, Mentions.None);

        body.ContainsKey("content").ShouldBeFalse();
        body["allowed_mentions"]!.ToJsonString().ShouldBe("""{"parse":[]}""");
    }

    [Fact]
    public void Mentions_that_would_overflow_the_content_are_left_out_of_both_content_and_allowed_mentions()
    {
        var users = Enumerable.Range(0, 100).Select(i => $"1{i:000000000000000000}").ToList();
        var roles = Enumerable.Range(0, 100).Select(i => $"2{i:000000000000000000}").ToList();

        var body = NotificationPayloads.Discord([Episode], Now, new Mentions(users, roles));

        var content = body["content"]!.GetValue<string>();
        content.Length.ShouldBeLessThanOrEqualTo(2000);
        var allowedUsers = body["allowed_mentions"]!["users"]!
            .AsArray()
            .Select(u => u!.GetValue<string>())
            .ToList();
        var allowedRoles = body["allowed_mentions"]!["roles"]!
            .AsArray()
            .Select(r => r!.GetValue<string>())
            .ToList();
        string.Join(
                ' ',
                allowedUsers.Select(u => $"<@{u}>").Concat(allowedRoles.Select(r => $"<@&{r}>"))
            )
            .ShouldBe(content);
        allowedUsers.ShouldBe(users.Take(allowedUsers.Count));
        (allowedUsers.Count + allowedRoles.Count).ShouldBeLessThan(200);
    }
}
