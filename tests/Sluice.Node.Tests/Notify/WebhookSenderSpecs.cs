using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Sluice.Node.Notify;
using Sluice.Testing;
using Sluice.Testing.Http;

namespace Sluice.Node.Tests.Notify;

public sealed class WebhookSenderSpecs : IAsyncLifetime
{
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(100);
    private readonly ManualTimeProvider _clock = new();
    private NotifyStandIn _server = null!;
    private readonly HttpClient _http = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _server = await NotifyStandIn.StartAsync(_clock);

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    /// <summary>The gate the last <see cref="Sender"/> shares its rate limits through.</summary>
    private RateLimitGate _gate = null!;

    private WebhookSender Sender(TimeSpan? maxWait = null, HttpClient? http = null) =>
        new(
            http ?? _http,
            _gate = new RateLimitGate(_clock),
            maxWait ?? TimeSpan.FromSeconds(60),
            _clock,
            NullLogger<WebhookSender>.Instance
        );

    private static JsonObject Embed() =>
        new() { ["embeds"] = new JsonArray { new JsonObject { ["title"] = "x" } } };

    private Task SendAsync(WebhookSender sender, Uri url, string channel = "discord:a") =>
        sender.SendAsync(channel, url, Embed(), "k", null, Ct);

    /// <summary>Runs a send while the manual clock moves on, as the waits it asks for pass.</summary>
    private async Task AdvancingAsync(Task send) =>
        await _clock.AdvanceUntilCompletedAsync(send, Step, TimeSpan.FromSeconds(20), Ct);

    [Fact]
    public async Task A_429_is_retried_after_the_fractional_retry_after_in_Discords_body()
    {
        _server.RetryAfterSeconds = 1.5;
        _server.RateLimitNext(2);
        var started = _clock.GetUtcNow();

        await AdvancingAsync(SendAsync(Sender(), _server.DiscordWebhook()));

        _server.RateLimited.ShouldBe(2);
        var delivered = _server.Accepted.ShouldHaveSingleItem();
        (delivered.At - started).ShouldBeGreaterThanOrEqualTo(TimeSpan.FromSeconds(3));
        (delivered.At - started).ShouldBeLessThan(TimeSpan.FromSeconds(4));
    }

    [Fact]
    public async Task A_429_with_only_a_Retry_After_header_waits_that_many_seconds()
    {
        _server.RetryAfterSeconds = 2;
        _server.RateLimitNext(1);
        var started = _clock.GetUtcNow();

        await AdvancingAsync(SendAsync(Sender(), _server.Webhook(), "webhook:a"));

        var delivered = _server.Accepted.ShouldHaveSingleItem();
        (delivered.At - started).ShouldBeGreaterThanOrEqualTo(TimeSpan.FromSeconds(2));
    }

    [Fact]
    public async Task A_global_rate_limit_holds_every_webhook_on_that_host()
    {
        var sender = Sender();
        _server.RetryAfterSeconds = 5;
        _server.RateLimitNext(1, global: true);
        var started = _clock.GetUtcNow();

        var first = SendAsync(sender, _server.DiscordWebhook("1"), "discord:first");
        // Not just answered: heard. The second send must start after the sender took in the 429.
        (
            await Eventually.TrueWithinAsync(
                () =>
                    _gate.BlockedUntil(WebhookSender.GlobalKey(_server.DiscordWebhook("2")))
                        is not null,
                TimeSpan.FromSeconds(10),
                Ct
            )
        ).ShouldBeTrue();
        var second = SendAsync(sender, _server.DiscordWebhook("2"), "discord:second");
        await AdvancingAsync(Task.WhenAll(first, second));

        _server.Accepted.Count.ShouldBe(2);
        _server.Accepted.ShouldAllBe(r => r.At - started >= TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task An_exhausted_bucket_waits_for_its_reset_before_the_next_message()
    {
        var sender = Sender();
        _server.ExhaustBucketOnNext(2.5);
        await SendAsync(sender, _server.DiscordWebhook());
        var emptied = _clock.GetUtcNow();

        await AdvancingAsync(SendAsync(sender, _server.DiscordWebhook()));
        await SendAsync(sender, _server.DiscordWebhook("other"), "discord:other");

        _server.RateLimited.ShouldBe(0);
        var accepted = _server.Accepted;
        accepted.Count.ShouldBe(3);
        (accepted[1].At - emptied).ShouldBeGreaterThanOrEqualTo(TimeSpan.FromSeconds(2.5));
    }

    [Fact]
    public async Task A_rate_limit_longer_than_the_inline_wait_puts_the_channel_off_for_that_long()
    {
        _server.RetryAfterSeconds = 30;
        _server.RateLimitNext(1);

        var error = await Should.ThrowAsync<DeliveryException>(() =>
            SendAsync(Sender(TimeSpan.FromSeconds(1)), _server.DiscordWebhook())
        );

        error.Fault.ShouldBe(DeliveryFault.RateLimited);
        error.RetryAfter.ShouldBe(TimeSpan.FromSeconds(30));
        _server.Accepted.ShouldBeEmpty();
    }

    [Theory]
    [InlineData(500, DeliveryFault.Transient)]
    [InlineData(503, DeliveryFault.Transient)]
    [InlineData(404, DeliveryFault.Gone)]
    [InlineData(401, DeliveryFault.Gone)]
    [InlineData(403, DeliveryFault.Gone)]
    [InlineData(413, DeliveryFault.Rejected)]
    public async Task An_error_answer_says_what_kind_of_failure_it_is_without_the_webhooks_token(
        int status,
        DeliveryFault fault
    )
    {
        _server.AnswerWith("123", status);

        var error = await Should.ThrowAsync<DeliveryException>(() =>
            SendAsync(Sender(), _server.DiscordWebhook())
        );

        error.Fault.ShouldBe(fault);
        error.Message.ShouldContain("discord:a");
        error.Message.ShouldContain(
            status.ToString(System.Globalization.CultureInfo.InvariantCulture)
        );
        error.Message.ShouldNotContain("secret-token");
    }

    [Fact]
    public async Task An_empty_message_is_rejected_by_discord()
    {
        var error = await Should.ThrowAsync<DeliveryException>(() =>
            Sender()
                .SendAsync("discord:a", _server.DiscordWebhook(), new JsonObject(), "k", null, Ct)
        );

        error.Fault.ShouldBe(DeliveryFault.Rejected);
        error.Message.ShouldContain("400");
    }

    [Fact]
    public async Task A_refused_connection_is_transient_because_nothing_went_out()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var error = await Should.ThrowAsync<DeliveryException>(() =>
            SendAsync(Sender(), new Uri($"http://127.0.0.1:{port}/api/webhooks/1/secret-token"))
        );

        error.Fault.ShouldBe(DeliveryFault.Transient);
        error.Message.ShouldNotContain("secret-token");
    }

    [Fact]
    public async Task A_request_that_got_no_answer_in_time_may_have_arrived()
    {
        using var impatient = new HttpClient { Timeout = TimeSpan.FromMilliseconds(300) };
        var hold = _server.HoldNext();

        var error = await Should.ThrowAsync<DeliveryException>(() =>
            SendAsync(Sender(http: impatient), _server.DiscordWebhook())
        );
        hold.Release();

        error.Fault.ShouldBe(DeliveryFault.Unknown);
        _server.Accepted.ShouldHaveSingleItem();
    }

    [Fact]
    public async Task A_generic_webhook_is_signed_and_carries_an_idempotency_key()
    {
        var body = new JsonObject { ["event"] = "item.notified" };

        await Sender()
            .SendAsync("webhook:a", _server.Webhook(), body, "item:webhook:a", "s3cret", Ct);

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
