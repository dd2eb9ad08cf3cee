using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Sluice.Node.Engine;
using Sluice.Node.Notify;
using Sluice.Testing.Http;

namespace Sluice.Node.Tests.Notify;

public sealed class WebhookSenderSpecs : IAsyncLifetime
{
    private NotifyStandIn _server = null!;
    private readonly HttpClient _http = new();

    public async ValueTask InitializeAsync() => _server = await NotifyStandIn.StartAsync();

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    private WebhookSender Sender(TimeSpan? maxWait = null) =>
        new(
            _http,
            maxWait ?? TimeSpan.FromSeconds(5),
            TimeProvider.System,
            NullLogger<WebhookSender>.Instance
        );

    private static JsonObject Embed() =>
        new() { ["embeds"] = new JsonArray { new JsonObject { ["title"] = "x" } } };

    [Fact]
    public async Task A_429_is_retried_after_the_servers_retry_after()
    {
        _server.RateLimitNext(2);

        await Sender()
            .SendAsync(
                "discord:a",
                _server.DiscordWebhook(),
                Embed(),
                "k",
                null,
                TestContext.Current.CancellationToken
            );

        _server.RateLimited.ShouldBe(2);
        _server.Accepted.ShouldHaveSingleItem();
    }

    [Fact]
    public async Task A_rate_limit_longer_than_the_inline_wait_ends_the_attempt_for_a_later_retry()
    {
        _server.RetryAfterSeconds = 30;
        _server.RateLimitNext(1);

        var error = await Should.ThrowAsync<HttpRequestException>(() =>
            Sender(TimeSpan.FromSeconds(1))
                .SendAsync(
                    "discord:a",
                    _server.DiscordWebhook(),
                    Embed(),
                    "k",
                    null,
                    TestContext.Current.CancellationToken
                )
        );

        error.Message.ShouldContain("rate limited");
        _server.Accepted.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_rejected_payload_is_a_permanent_failure_naming_the_channel()
    {
        var error = await Should.ThrowAsync<PermanentStepException>(() =>
            Sender()
                .SendAsync(
                    "discord:a",
                    _server.DiscordWebhook(),
                    new JsonObject(),
                    "k",
                    null,
                    TestContext.Current.CancellationToken
                )
        );

        error.Message.ShouldContain("discord:a");
        error.Message.ShouldContain("400");
    }

    [Fact]
    public async Task A_generic_webhook_is_signed_and_carries_an_idempotency_key()
    {
        var body = new JsonObject { ["event"] = "item.notified" };

        await Sender()
            .SendAsync(
                "webhook:a",
                _server.Webhook(),
                body,
                "item:webhook:a",
                "s3cret",
                TestContext.Current.CancellationToken
            );

        var received = _server.Accepted.ShouldHaveSingleItem();
        received.Headers["Idempotency-Key"].ShouldBe("item:webhook:a");
        var expected = Convert.ToHexStringLower(
            System.Security.Cryptography.HMACSHA256.HashData(
                "s3cret"u8.ToArray(),
                System.Text.Encoding.UTF8.GetBytes(received.RawBody)
            )
        );
        received.Headers["X-Sluice-Signature"].ShouldBe($"sha256={expected}");
    }
}
