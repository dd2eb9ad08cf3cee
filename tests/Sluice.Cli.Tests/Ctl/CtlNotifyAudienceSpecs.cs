using System.Text.Json;
using Sluice.Node.Tests.Api;
using static Sluice.Cli.Tests.Ctl.CtlItemsSpecs;

namespace Sluice.Cli.Tests.Ctl;

/// <summary>`ctl notify subscribe|unsubscribe|subscriptions` and `ctl notify filter`, against a real node in this process.</summary>
public sealed class CtlNotifyAudienceSpecs
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Task<ApiHost> StartAsync() =>
        ApiHost.StartAsync(
            new Dictionary<string, string?>
            {
                ["Notify:Discord:0:Name"] = "announce",
                ["Notify:Webhooks:0:Name"] = "hook",
                ["Notify:Filters:0:Channel"] = "discord:announce",
                ["Notify:Filters:0:Only:0"] = "term:frieren",
                ["Notify:Subscriptions:0:Show"] = "Sousou no Frieren",
                ["Notify:Subscriptions:0:Users:0"] = "111",
            }
        );

    private static async Task<JsonElement> JsonAsync(ApiHost api, params string[] args)
    {
        var (code, stdout, stderr) = await CtlAsync(api, [.. args, "--json"]);
        code.ShouldBe(0, stderr);
        return JsonDocument.Parse(stdout).RootElement;
    }

    [Fact]
    public async Task Subscriptions_are_added_listed_and_removed_while_configured_ones_stay()
    {
        await using var api = await StartAsync();

        (await JsonAsync(api, "notify", "subscribe", "Dandadan", "--role", "222"))
            .GetProperty("message")
            .GetString()
            .ShouldBe("role:222 is mentioned when Dandadan is announced on every Discord channel");
        await JsonAsync(
            api,
            "notify",
            "subscribe",
            "list:anilist:Alice",
            "--user",
            "333",
            "--channel",
            "discord:announce"
        );
        var listed = await JsonAsync(api, "notify", "subscriptions");
        listed
            .EnumerateArray()
            .Select(s =>
                $"{s.GetProperty("show").GetString()}|{s.GetProperty("mention").GetString()}|{s.GetProperty("channel").GetString()}|{s.GetProperty("configured").GetBoolean()}"
            )
            .ShouldBe([
                "Sousou no Frieren|user:111||True",
                "Dandadan|role:222||False",
                "list:anilist:alice|user:333|discord:announce|False",
            ]);
        (await api.Store.SubscriptionsAsync(Ct)).Count.ShouldBe(2);
        var (shown, table, _) = await CtlAsync(api, "notify", "subscriptions");
        shown.ShouldBe(0);
        table.ShouldContain("config (read-only)");

        await JsonAsync(api, "notify", "unsubscribe", "Dandadan", "--role", "222");
        (await api.Store.SubscriptionsAsync(Ct))
            .ShouldHaveSingleItem()
            .Show.ShouldBe("list:anilist:alice");
        (await CtlAsync(api, "notify", "unsubscribe", "Dandadan", "--role", "222")).Code.ShouldBe(
            ExitCodes.NotFound
        );
        var (refused, _, why) = await CtlAsync(
            api,
            "notify",
            "unsubscribe",
            "Sousou no Frieren",
            "--user",
            "111"
        );
        refused.ShouldBe(ExitCodes.Refused);
        why.ShouldContain("Notify:Subscriptions");
        (await CtlAsync(api, "notify", "subscribe", "Dandadan", "--user", "@me")).Code.ShouldBe(
            ExitCodes.Usage
        );
        (await CtlAsync(api, "notify", "subscribe", "Dandadan")).Code.ShouldBe(ExitCodes.Usage);
        (
            await CtlAsync(
                api,
                "notify",
                "subscribe",
                "Dandadan",
                "--user",
                "1",
                "--channel",
                "webhook:hook"
            )
        ).Code.ShouldBe(ExitCodes.Usage);
    }

    [Fact]
    public async Task Filters_are_added_listed_and_removed_while_configured_ones_stay()
    {
        await using var api = await StartAsync();

        (await JsonAsync(api, "notify", "filter", "add", "discord:announce", "anilist:Alice"))
            .GetProperty("message")
            .GetString()!
            .ShouldContain("anilist:alice");
        await JsonAsync(api, "notify", "filter", "add", "webhook:hook", "regex:^spy.?x");
        var listed = await JsonAsync(api, "notify", "filter", "list");
        listed
            .EnumerateArray()
            .Select(f =>
                $"{f.GetProperty("channel").GetString()}|{f.GetProperty("source").GetString()}|{f.GetProperty("configured").GetBoolean()}"
            )
            .ShouldBe([
                "discord:announce|term:frieren|True",
                "discord:announce|anilist:alice|False",
                "webhook:hook|regex:^spy.?x|False",
            ]);
        var (shown, table, _) = await CtlAsync(api, "notify", "filter", "list");
        shown.ShouldBe(0);
        table.ShouldContain("not fetched yet");

        await JsonAsync(api, "notify", "filter", "remove", "webhook:hook", "regex:^spy.?x");
        (await api.Store.FiltersAsync(Ct)).ShouldHaveSingleItem().Source.ShouldBe("anilist:alice");
        (
            await CtlAsync(api, "notify", "filter", "remove", "webhook:hook", "regex:^spy.?x")
        ).Code.ShouldBe(ExitCodes.NotFound);
        (
            await CtlAsync(api, "notify", "filter", "remove", "discord:announce", "term:frieren")
        ).Code.ShouldBe(ExitCodes.Refused);
        var (bad, _, error) = await CtlAsync(
            api,
            "notify",
            "filter",
            "add",
            "discord:announce",
            "frieren"
        );
        bad.ShouldBe(ExitCodes.Usage);
        error.ShouldContain("anilist:USER, mal:USER, term:WORDS or regex:PATTERN");
        (await CtlAsync(api, "notify", "filter", "add", "discord:nosuch", "term:x")).Code.ShouldBe(
            ExitCodes.Usage
        );
        (
            await CtlAsync(api, "notify", "filter", "add", "discord:announce", "mal:bob")
        ).Code.ShouldBe(ExitCodes.Usage);
    }
}
