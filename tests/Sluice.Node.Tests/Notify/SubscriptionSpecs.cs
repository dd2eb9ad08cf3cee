using System.Text.Json;
using Sluice.Node.Configuration;
using Sluice.Testing.Http;
using static Sluice.Node.Tests.Notify.AudienceRig;
using static Sluice.Node.Tests.Notify.NotifyRig;

namespace Sluice.Node.Tests.Notify;

/// <summary>
/// Subscriptions against the local Discord stand-in: a show's subscribers are mentioned in its
/// announcement, and allowed_mentions lets exactly them be pinged.
/// </summary>
public sealed class SubscriptionSpecs
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Content(JsonElement body) =>
        body.TryGetProperty("content", out var content) ? content.GetString()! : "";

    [Fact]
    public async Task A_shows_subscribers_are_mentioned_and_nobody_else_can_be_pinged()
    {
        await using var rig = await NotifyRig.StartAsync(
            (o, _) =>
                o.Subscriptions.AddRange(
                    new SubscriptionOptions
                    {
                        Show = "Sousou no Frieren",
                        Users = ["111"],
                        Roles = ["222"],
                    },
                    new SubscriptionOptions { Show = "Dandadan", Users = ["333"] }
                )
        );
        await rig.StartWorkersAsync();
        var frieren = await rig.ReachNotifyAsync(Episode("Sousou no Frieren", 1, 1));
        var other = await rig.ReachNotifyAsync(Episode("Mushishi", 1, 1));

        await rig.UntilAsync(() => rig.AllNotifiedAsync(frieren, other), TimeSpan.FromSeconds(10));

        var bodies = rig.DiscordBodies();
        bodies.Count.ShouldBe(2);
        Content(bodies[0]).ShouldBe("<@111> <@&222>");
        Pings(bodies[0]).Users.ShouldBe(["111"]);
        Pings(bodies[0]).Roles.ShouldBe(["222"]);
        bodies[0].GetProperty("allowed_mentions").GetProperty("parse").GetArrayLength().ShouldBe(0);
        Content(bodies[1]).ShouldBeEmpty();
        Pings(bodies[1]).Users.ShouldBeEmpty();
        Pings(bodies[1]).Roles.ShouldBeEmpty();
        rig.Server.Accepted.Where(r => r.Route.StartsWith("/hooks/", StringComparison.Ordinal))
            .Select(r => r.RawBody)
            .ShouldAllBe(raw => !raw.Contains("<@", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_coalesced_announcement_mentions_the_union_of_its_episodes_subscribers_once()
    {
        await using var rig = await NotifyRig.StartAsync(
            (o, _) =>
                o.Subscriptions.AddRange(
                    new SubscriptionOptions { Show = "Sousou no Frieren", Users = ["111"] },
                    new SubscriptionOptions
                    {
                        Show = $"anilist:{Frieren.Id}",
                        Users = ["111", "444"],
                        Roles = ["222"],
                    },
                    new SubscriptionOptions
                    {
                        Show = "Frieren",
                        Users = ["555"],
                        Channel = "discord:elsewhere",
                    }
                )
        );
        await rig.StartWorkersAsync();
        var pack = new List<Sluice.Domain.Items.ItemId>();
        foreach (var episode in new[] { 1, 2, 3 })
        {
            pack.Add(await rig.ReachNotifyAsync(OnAniList(Frieren, episode)));
            rig.Clock.Advance(TimeSpan.FromSeconds(10));
        }

        await rig.UntilAsync(() => rig.AllNotifiedAsync([.. pack]), TimeSpan.FromSeconds(10));

        var body = rig.DiscordBodies().ShouldHaveSingleItem();
        FooterIds(body).ShouldBe(pack.Select(p => p.ToString()), ignoreOrder: true);
        Content(body).ShouldBe("<@111> <@444> <@&222>");
        Pings(body).Users.ShouldBe(["111", "444"]);
        Pings(body).Roles.ShouldBe(["222"]);
    }

    [Fact]
    public async Task A_subscription_added_through_the_database_takes_effect_and_its_removal_too()
    {
        await using var rig = await NotifyRig.StartAsync();
        await rig.StartWorkersAsync();
        (await rig.Store.AddSubscriptionAsync("Dandadan", "user:777", "", Ct)).ShouldBeTrue();
        var first = await rig.ReachNotifyAsync(Episode("Dandadan", 1, 1));
        await rig.UntilAsync(() => rig.AllNotifiedAsync(first), TimeSpan.FromSeconds(10));

        (await rig.Store.RemoveSubscriptionAsync("Dandadan", "user:777", "", Ct)).ShouldBeTrue();
        rig.Clock.Advance(TimeSpan.FromMinutes(10));
        var second = await rig.ReachNotifyAsync(Episode("Dandadan", 1, 2));
        await rig.UntilAsync(() => rig.AllNotifiedAsync(second), TimeSpan.FromSeconds(10));

        var bodies = rig.DiscordBodies();
        bodies.Count.ShouldBe(2);
        Pings(bodies[0]).Users.ShouldBe(["777"]);
        Content(bodies[1]).ShouldBeEmpty();
    }

    [Fact]
    public async Task Everything_on_a_subscribed_AniList_list_mentions_its_owner()
    {
        await using var anilist = await AniListStandIn.StartAsync();
        anilist.Add(Frieren, Dandadan).SetList("alice", (Dandadan.Id, "PLANNING"));
        await using var rig = await NotifyRig.StartAsync(
            (o, _) =>
                o.Subscriptions.Add(
                    new SubscriptionOptions { Show = "list:anilist:alice", Users = ["101"] }
                ),
            metadata: m => m.AniList.Endpoint = anilist.Endpoint
        );
        await rig.StartWorkersAsync();
        var onList = await rig.ReachNotifyAsync(OnAniList(Dandadan));
        var offList = await rig.ReachNotifyAsync(OnAniList(Frieren));

        await rig.UntilAsync(() => rig.AllNotifiedAsync(onList, offList), TimeSpan.FromSeconds(10));

        var bodies = rig.DiscordBodies();
        FooterIds(bodies[0]).ShouldBe([onList.ToString()]);
        Pings(bodies[0]).Users.ShouldBe(["101"]);
        Pings(bodies[1]).Users.ShouldBeEmpty();
    }
}
