using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Sluice.Node.Configuration;
using Sluice.Node.Notify;

namespace Sluice.Node.Tests.Notify;

public sealed class NotifyChannelsSpecs
{
    private static NotifyChannels Channels(NotifyOptions options)
    {
        var http = new HttpClient();
        return new NotifyChannels(
            Options.Create(options),
            new WebhookSender(
                http,
                new RateLimitGate(TimeProvider.System),
                TimeSpan.Zero,
                TimeProvider.System,
                NullLogger<WebhookSender>.Instance
            ),
            http,
            "/data/library",
            TimeProvider.System,
            NullLogger<PlexChannel>.Instance
        );
    }

    [Fact]
    public void Every_configured_channel_is_found_by_its_outbox_name()
    {
        var channels = Channels(
            new NotifyOptions
            {
                Discord =
                [
                    new() { Name = "announce", Url = "https://discord.com/api/webhooks/1/t" },
                ],
                Webhooks = [new() { Name = "hook", Url = "https://example.org/h" }],
            }
        );

        channels.All.Select(c => c.Name).ShouldBe(["discord:announce", "webhook:hook"]);
        channels
            .Find("discord:announce")
            .ShouldBeOfType<DiscordChannel>()
            .Gathering.ShouldBe(Gathering.SeasonBurst);
        channels
            .Find("webhook:hook")
            .ShouldBeOfType<GenericWebhookChannel>()
            .Gathering.ShouldBe(Gathering.OneEach);
        channels.Find("discord:other").ShouldBeNull();
    }
}
