using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Sluice.Domain.Items;

namespace Sluice.Node.Tests.Api;

public sealed class EventStreamSpecs
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<(HttpResponseMessage Response, SseReader Reader)> OpenAsync(
        ApiHost api,
        string path = "/api/events",
        string? lastEventId = null
    )
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (lastEventId is not null)
        {
            request.Headers.Add("Last-Event-ID", lastEventId);
        }

        var response = await api.Http.SendAsync(
            request,
            HttpCompletionOption.ResponseHeadersRead,
            Ct
        );
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/event-stream");
        return (response, new SseReader(await response.Content.ReadAsStreamAsync(Ct)));
    }

    private static async Task<List<SseMessage>> ItemEventsAsync(SseReader reader, int count)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(20));
        var events = new List<SseMessage>();
        while (events.Count < count)
        {
            events.Add(await reader.NextAsync("item", timeout.Token));
        }

        return events;
    }

    private static string Type(SseMessage m) =>
        m.Data.GetProperty("event").GetProperty("type").GetString()!;

    [Fact]
    public async Task The_stream_carries_journal_events_live_and_a_reconnect_with_Last_Event_ID_misses_none()
    {
        await using var api = await ApiHost.StartAsync();
        var before = await api.DiscoverAsync("Before.S01E01.mkv");
        var (response, reader) = await OpenAsync(api);
        var hello = await reader.NextAsync("hello", Ct);
        hello.Id.ShouldNotBeNull();

        var id = await api.DiscoverAsync("Live.S01E02.mkv");
        await api.RunAsync(id, new CompleteSanitize("Shows/Live.mkv", ApiHost.Media));
        var live = await ItemEventsAsync(reader, 3);

        live.Select(Type).ShouldBe(["discovered", "step-started", "sanitized"]);
        live.ShouldAllBe(m => m.Data.GetProperty("itemId").GetString() == id.ToString());
        live[0].Data.GetProperty("name").GetString().ShouldBe("Live.S01E02.mkv");
        live[^1].Data.GetProperty("state").GetString().ShouldBe("sanitized");
        live[^1]
            .Data.GetProperty("event")
            .GetProperty("summary")
            .GetString()!
            .ShouldContain("Shows/Live.mkv");
        live.Select(m => m.Id).ShouldBeUnique();
        reader.Dispose();
        response.Dispose();

        await api.RunAsync(
            id,
            new CompleteVault(
                Artifact.Source,
                [new VaultCopy(Artifact.Source, "vault", "vault:x", 10, "md5:0")]
            )
        );
        await api.RunAsync(before, new CompleteSanitize("Shows/Before.mkv", ApiHost.Media));
        var (again, resumed) = await OpenAsync(api, lastEventId: live[^1].Id);
        using (again)
        using (resumed)
        {
            var missed = await ItemEventsAsync(resumed, 4);
            missed
                .Select(m => (m.Data.GetProperty("itemId").GetString(), Type(m)))
                .ShouldBe([
                    (id.ToString(), "step-started"),
                    (id.ToString(), "vaulted"),
                    (before.ToString(), "step-started"),
                    (before.ToString(), "sanitized"),
                ]);
        }
    }

    [Fact]
    public async Task The_stream_shows_running_jobs_with_their_progress_until_they_end()
    {
        await using var api = await ApiHost.StartAsync();
        var id = await api.TieredAsync("Encoding.S01E01.mkv");
        var (response, reader) = await OpenAsync(api);
        using (response)
        using (reader)
        {
            (await reader.NextAsync("jobs", Ct)).Data.GetArrayLength().ShouldBe(0);

            var job = await api.ClaimAsync(id);
            await api.Store.HeartbeatAsync(
                job.Lease,
                TimeSpan.FromMinutes(5),
                """{"percent":40.5,"speed":"2.1x"}""",
                Ct
            );
            var running = await NextJobsAsync(
                reader,
                jobs =>
                    jobs.GetArrayLength() == 1
                    && jobs[0].TryGetProperty("progress", out var p)
                    && p.ValueKind == JsonValueKind.Object
            );

            var only = running[0];
            only.GetProperty("itemId").GetString().ShouldBe(id.ToString());
            only.GetProperty("step").GetString().ShouldBe("encode");
            only.GetProperty("node").GetString().ShouldBe(api.HolderOf(id));
            only.GetProperty("progress").GetProperty("percent").GetDouble().ShouldBe(40.5);
            (await api.GetJsonAsync("/api/jobs"))[0]
                .GetProperty("progress")
                .GetProperty("speed")
                .GetString()
                .ShouldBe("2.1x");

            await api.Store.CompleteAsync(job.Lease, new SkipEncode("plays everywhere"), Ct);
            await NextJobsAsync(reader, jobs => jobs.GetArrayLength() == 0);
        }
    }

    private static async Task<JsonElement> NextJobsAsync(
        SseReader reader,
        Func<JsonElement, bool> until
    )
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(20));
        while (true)
        {
            var jobs = (await reader.NextAsync("jobs", timeout.Token)).Data;
            if (until(jobs))
            {
                return jobs;
            }
        }
    }

    [Fact]
    public async Task A_stream_for_one_item_carries_only_its_events_and_a_bad_cursor_is_refused()
    {
        await using var api = await ApiHost.StartAsync();
        var watched = await api.DiscoverAsync("Watched.S01E01.mkv");
        var (response, reader) = await OpenAsync(
            api,
            $"/api/events?item={watched.ToString()[..8]}&after=0-0"
        );
        using (response)
        using (reader)
        {
            var other = await api.DiscoverAsync("Other.S01E01.mkv");
            await api.RunAsync(other, new CompleteSanitize("Shows/Other.mkv", ApiHost.Media));
            await api.RunAsync(watched, new CompleteSanitize("Shows/Watched.mkv", ApiHost.Media));

            var events = await ItemEventsAsync(reader, 3);
            events
                .Select(Type)
                .ShouldBe(
                    ["discovered", "step-started", "sanitized"],
                    "from the start, only the watched item"
                );
            events.ShouldAllBe(m => m.Data.GetProperty("itemId").GetString() == watched.ToString());
        }

        (await api.Http.GetAsync("/api/events?after=yesterday", Ct)).StatusCode.ShouldBe(
            HttpStatusCode.BadRequest
        );
        (await api.Http.GetAsync("/api/events?item=ffffffff", Ct)).StatusCode.ShouldBe(
            HttpStatusCode.NotFound
        );
    }

    [Fact]
    public async Task A_node_that_stops_ends_its_open_streams_instead_of_waiting_for_them()
    {
        await using var api = await ApiHost.StartAsync();
        var (response, reader) = await OpenAsync(api);
        using (response)
        using (reader)
        {
            await reader.NextAsync("hello", Ct);
            var started = TimeProvider.System.GetTimestamp();

            await api.StopAsync();

            TimeProvider
                .System.GetElapsedTime(started)
                .ShouldBeLessThan(
                    TimeSpan.FromSeconds(5),
                    "not Kestrel's 30 s grace for hanging requests"
                );
            await Should.ThrowAsync<Exception>(async () =>
            {
                while (true)
                {
                    await reader.NextAsync(Ct);
                }
            });
        }
    }

    [Fact]
    public async Task The_stream_is_behind_the_token_too()
    {
        await using var api = await ApiHost.StartAsync(token: "stream-token-123456");
        using var anonymous = new HttpClient { BaseAddress = api.Address };
        (await anonymous.GetAsync("/api/events", Ct)).StatusCode.ShouldBe(
            HttpStatusCode.Unauthorized
        );
        anonymous.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
            "Bearer",
            "stream-token-123456"
        );
        using var response = await anonymous.GetAsync(
            "/api/events",
            HttpCompletionOption.ResponseHeadersRead,
            Ct
        );
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}
