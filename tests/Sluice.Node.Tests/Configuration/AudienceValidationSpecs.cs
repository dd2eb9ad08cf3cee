using Microsoft.Extensions.Configuration;
using Sluice.Node.Configuration;
using Sluice.Node.Metadata;
using Sluice.Testing;

namespace Sluice.Node.Tests.Configuration;

/// <summary>Notify:Filters, Notify:Subscriptions and Notify:Lists stop the node with the key at fault.</summary>
public sealed class AudienceValidationSpecs
{
    private static string? Failures(NotifyOptions options, string? malClientId = null) =>
        new NotifyOptionsValidation(
            Microsoft.Extensions.Options.Options.Create(
                new NodeOptions { Name = "n", Roles = ["notify"] }
            ),
            Microsoft.Extensions.Options.Options.Create(
                new MetadataOptions { MyAnimeList = { ClientId = malClientId } }
            )
        )
            .Validate(null, options)
            .FailureMessage;

    private static NotifyOptions Channels() =>
        new()
        {
            Discord = [new() { Name = "announce", Url = "https://discord.com/api/webhooks/1/x" }],
            Plex =
            [
                new()
                {
                    Name = "home",
                    Url = "http://127.0.0.1:32400",
                    Token = "t",
                },
            ],
        };

    [Fact]
    public void Filters_and_subscriptions_that_can_work_are_valid()
    {
        var options = Channels();
        options.Filters.Add(
            new()
            {
                Channel = "discord:announce",
                Only = ["anilist:alice", "mal:bob", "term:frieren", "regex:^spy.?x"],
            }
        );
        options.Subscriptions.Add(
            new()
            {
                Show = "list:anilist:alice",
                Users = ["123456789012345678"],
                Channel = "discord:announce",
            }
        );
        options.Subscriptions.Add(new() { Show = "anilist:154587", Roles = ["42"] });

        Failures(options, "client").ShouldBeNull();
    }

    [Theory]
    [InlineData("plex:home", "term:x", "Notify:Filters:0:Channel: plex:home is a library refresh")]
    [InlineData(
        "discord:nosuch",
        "term:x",
        "Notify:Filters:0:Channel: 'discord:nosuch' is not a configured"
    )]
    [InlineData(
        "discord:announce",
        "frieren",
        "Notify:Filters:0:Only:0: 'frieren' is not a filter source"
    )]
    [InlineData(
        "discord:announce",
        "regex:(",
        "Notify:Filters:0:Only:0: '(' is not a regular expression"
    )]
    [InlineData(
        "discord:announce",
        "anilist:a b",
        "Notify:Filters:0:Only:0: 'a b' is not a user name"
    )]
    [InlineData(
        "discord:announce",
        "mal:bob",
        "Notify:Filters:0:Only:0: a MyAnimeList list needs Metadata:MyAnimeList:ClientId"
    )]
    public void A_bad_filter_names_its_key(string channel, string source, string message)
    {
        var options = Channels();
        options.Filters.Add(new() { Channel = channel, Only = [source] });

        Failures(options)!.ShouldContain(message);
    }

    [Theory]
    [InlineData("", "1", "Notify:Subscriptions:0:Show: The show '' has no letters")]
    [InlineData("anilist:x", "1", "Notify:Subscriptions:0:Show: 'anilist:x' is not an AniList id")]
    [InlineData(
        "Frieren",
        "@frieren-fan",
        "Notify:Subscriptions:0: '@frieren-fan' is not a Discord id"
    )]
    [InlineData(
        "list:term:frieren",
        "1",
        "Notify:Subscriptions:0:Show: 'list:term:frieren' is not a list"
    )]
    public void A_bad_subscription_names_its_key(string show, string user, string message)
    {
        var options = Channels();
        options.Subscriptions.Add(new() { Show = show, Users = [user] });

        Failures(options)!.ShouldContain(message);
    }

    [Fact]
    public void A_subscription_names_somebody_on_a_discord_channel()
    {
        var options = Channels();
        options.Subscriptions.Add(new() { Show = "Frieren", Channel = "plex:home" });

        var failures = Failures(options)!;
        failures.ShouldContain("Notify:Subscriptions:0 names nobody");
        failures.ShouldContain(
            "Notify:Subscriptions:0:Channel: 'plex:home' is not a configured Discord channel"
        );
    }

    [Fact]
    public void Bad_list_settings_name_their_keys()
    {
        var options = Channels();
        options.Lists.RefreshInterval = TimeSpan.FromSeconds(5);
        options.Lists.FetchTimeout = TimeSpan.Zero;
        options.Lists.AniListStatuses = ["WATCHING"];
        options.Lists.MyAnimeListStatuses = ["CURRENT"];
        options.Lists.WhenUnavailable = (ListUnavailable)7;

        var failures = Failures(options)!;
        failures.ShouldContain("Notify:Lists:RefreshInterval must be at least 00:01:00");
        failures.ShouldContain("Notify:Lists:FetchTimeout must be at least 00:00:01");
        failures.ShouldContain("Notify:Lists:AniListStatuses: 'WATCHING' is not one of");
        failures.ShouldContain("Notify:Lists:MyAnimeListStatuses: 'CURRENT' is not one of");
        failures.ShouldContain("Notify:Lists:WhenUnavailable must be Hold or Announce");
    }

    [Fact]
    public void The_example_configurations_filters_subscriptions_and_lists_bind_and_are_valid()
    {
        var config = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(RepositoryPaths.Root, "config", "node.example.json"))
            .Build();
        var notify = new NotifyOptions();
        config.GetSection("Notify").Bind(notify, o => o.ErrorOnUnknownConfiguration = true);
        var metadata = new MetadataOptions();
        config.GetSection("Metadata").Bind(metadata, o => o.ErrorOnUnknownConfiguration = true);

        notify.Filters.ShouldNotBeEmpty();
        notify.Subscriptions.ShouldNotBeEmpty();
        Failures(notify, metadata.MyAnimeList.ClientId).ShouldBeNull();
    }
}
