using Sluice.Domain.Items;
using Sluice.Store;
using static Sluice.Node.Tests.Notify.NotifyRig;

namespace Sluice.Node.Tests.Notify;

/// <summary>The notify stage against local Discord and webhook stand-ins, on a manual clock.</summary>
public sealed class AnnouncementSpecs
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Every_item_is_announced_once_in_order_through_a_discord_that_answers_429()
    {
        await using var rig = await NotifyRig.StartAsync();
        rig.Server.RetryAfterSeconds = 1.5;
        rig.Server.RateLimitNext(4);
        await rig.StartWorkersAsync();
        var arrived = new List<ItemId>();
        foreach (var show in new[] { "Frieren", "Dandadan", "Mushishi", "Monster", "Planetes" })
        {
            arrived.Add(await rig.ArriveAsync(Episode(show, 1, 1)));
        }

        // Encodes finish in another order than the files arrived in: that order is the one announced.
        List<ItemId> ids = [arrived[3], arrived[0], arrived[4], arrived[2], arrived[1]];
        foreach (var id in ids)
        {
            await rig.EncodeAsync(id);
            rig.Clock.Advance(TimeSpan.FromSeconds(3));
        }

        await rig.UntilAsync(() => rig.AllNotifiedAsync([.. ids]), TimeSpan.FromSeconds(1));

        rig.Server.RateLimited.ShouldBe(4);
        rig.DiscordMessages()
            .Select(m => m.ShouldHaveSingleItem())
            .ShouldBe(ids.Select(i => i.ToString()));
        rig.HookItems().ShouldBe(ids.Select(i => i.ToString()));
        foreach (var id in ids)
        {
            (await rig.AnnouncedAsync(id)).ShouldBe(
                [new NotificationSent("discord:announce"), new NotificationSent("webhook:hook")],
                ignoreOrder: true
            );
        }
    }

    [Fact]
    public async Task A_season_pack_reaching_notify_together_is_one_message_listing_its_episodes()
    {
        await using var rig = await NotifyRig.StartAsync();
        await rig.StartWorkersAsync();
        var pack = new List<ItemId>();
        foreach (var episode in new[] { 2, 1, 3 })
        {
            pack.Add(await rig.ReachNotifyAsync(Episode("Frieren", 1, episode)));
            rig.Clock.Advance(TimeSpan.FromSeconds(20));
        }

        var other = await rig.ReachNotifyAsync(Episode("Dandadan", 2, 5));

        await rig.UntilAsync(() => rig.AllNotifiedAsync([.. pack, other]), TimeSpan.FromSeconds(1));

        var messages = rig.DiscordMessages();
        messages.Count.ShouldBe(2);
        messages[0].ShouldBe(pack.Select(p => p.ToString()), ignoreOrder: true);
        messages[1].ShouldBe([other.ToString()]);
        var embed = rig
            .Server.Accepted.First(r =>
                r.Route.StartsWith("/api/webhooks/1/", StringComparison.Ordinal)
            )
            .Body.GetProperty("embeds")[0];
        embed.GetProperty("title").GetString().ShouldBe("Frieren - S01E01-E03");
        embed.GetProperty("description").GetString()!.ShouldContain("`S01E02`");
        rig.HookItems().ShouldBe([.. pack.Select(p => p.ToString()), other.ToString()]);
        foreach (var id in pack.Append(other))
        {
            (await rig.AnnouncedAsync(id)).Count(n => n.Channel == "discord:announce").ShouldBe(1);
        }
    }

    [Fact]
    public async Task An_episode_reaching_notify_after_the_window_closed_gets_its_own_message()
    {
        await using var rig = await NotifyRig.StartAsync(
            (o, _) => o.CoalesceWindow = TimeSpan.FromMinutes(1)
        );
        await rig.StartWorkersAsync();
        var first = await rig.ReachNotifyAsync(Episode("Frieren", 1, 1));
        await rig.UntilAsync(() => rig.AllNotifiedAsync(first), TimeSpan.FromSeconds(1));
        var notifiedAt = rig.Server.Accepted[0].At;
        rig.Clock.Advance(TimeSpan.FromMinutes(5));

        var second = await rig.ReachNotifyAsync(Episode("Frieren", 1, 2));
        await rig.UntilAsync(() => rig.AllNotifiedAsync(second), TimeSpan.FromSeconds(1));

        rig.DiscordMessages()
            .ShouldBe([
                [first.ToString()],
                [second.ToString()],
            ]);
        (notifiedAt - rig.Clock.GetUtcNow().AddMinutes(-5)).ShouldBeLessThan(
            TimeSpan.FromMinutes(2)
        );
    }
}
