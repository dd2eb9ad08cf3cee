using System.Net;
using System.Text.Json;
using Sluice.Domain.Items;

namespace Sluice.Node.Tests.Api;

/// <summary>The item endpoints against a real node in this process.</summary>
public sealed class ItemsApiSpecs
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Items_filter_by_state_stage_node_running_and_text_and_the_header_says_how_many_match()
    {
        await using var api = await ApiHost.StartAsync();
        var failed = await api.TieredAsync("Broken.Show.S01E01.mkv");
        await api.FailAsync(failed, "ffprobe could not read it");
        var encoding = await api.TieredAsync("Busy.Show.S01E02.mkv");
        await api.ClaimAsync(encoding);
        var fresh = await api.DiscoverAsync("Fresh.Movie.2024.mkv");

        async Task<(string[] Ids, string Total)> ListAsync(string query)
        {
            using var response = await api.Http.GetAsync($"/api/items?{query}", Ct);
            response.StatusCode.ShouldBe(HttpStatusCode.OK, query);
            var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
            return (
                [
                    .. body
                        .RootElement.EnumerateArray()
                        .Select(i => i.GetProperty("id").GetString()!),
                ],
                response.Headers.GetValues("X-Total-Count").Single()
            );
        }

        (await ListAsync("stage=encode")).Ids.ShouldBe(
            [encoding.ToString(), failed.ToString()],
            ignoreOrder: true
        );
        (await ListAsync("stage=encode&state=failed")).Ids.ShouldBe([failed.ToString()]);
        (await ListAsync($"node={api.HolderOf(encoding)}")).Ids.ShouldBe([encoding.ToString()]);
        (await ListAsync("running=true")).Ids.ShouldBe([encoding.ToString()]);
        (await ListAsync("q=fresh.movie")).Ids.ShouldBe([fresh.ToString()]);
        (await ListAsync("stage=sanitize")).Ids.ShouldBe([fresh.ToString()]);
        var page = await ListAsync("limit=1&offset=1");
        page.Ids.Length.ShouldBe(1);
        page.Total.ShouldBe("3");
        (await api.Http.GetAsync("/api/items?stage=upload", Ct)).StatusCode.ShouldBe(
            HttpStatusCode.BadRequest
        );
        (await api.Http.GetAsync("/api/items?state=stuck", Ct)).StatusCode.ShouldBe(
            HttpStatusCode.BadRequest
        );
    }

    [Fact]
    public async Task Skip_moves_a_failed_item_ahead_and_its_timeline_says_what_was_left_out()
    {
        await using var api = await ApiHost.StartAsync();
        var id = await api.TieredAsync("Unreadable.S01E01.mkv");
        await api.FailAsync(id, "ffprobe could not read it");

        using var skipped = await api.Http.PostAsync(
            $"/api/items/{id.ToString()[..8]}/skip?to=notify",
            null,
            Ct
        );

        skipped.StatusCode.ShouldBe(HttpStatusCode.OK);
        var summary = JsonDocument.Parse(await skipped.Content.ReadAsStringAsync(Ct)).RootElement;
        summary.GetProperty("state").GetString().ShouldBe("encoded");
        summary.GetProperty("step").GetString().ShouldBe("notify");
        var detail = await api.GetJsonAsync($"/api/items/{id}");
        var last = detail.GetProperty("timeline").EnumerateArray().Last();
        last.GetProperty("type").GetString().ShouldBe("skipped");
        last.GetProperty("summary").GetString()!.ShouldContain("encode");
        last.GetProperty("node").GetString().ShouldBe("api");
        detail.GetProperty("encodeSkipped").GetString().ShouldBe("skipped by api");

        (await api.Http.PostAsync($"/api/items/{id}/skip?to=tier", null, Ct)).StatusCode.ShouldBe(
            HttpStatusCode.Conflict,
            "backwards"
        );
        (await api.Http.PostAsync($"/api/items/{id}/skip?to=moon", null, Ct)).StatusCode.ShouldBe(
            HttpStatusCode.BadRequest
        );
        (await api.Http.PostAsync($"/api/items/{id}/skip", null, Ct)).StatusCode.ShouldBe(
            HttpStatusCode.BadRequest
        );
        (
            await api.Http.PostAsync("/api/items/ffffffff/skip?to=notify", null, Ct)
        ).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Retry_cancel_pin_and_unpin_answer_with_the_item_and_refuse_what_does_not_apply()
    {
        await using var api = await ApiHost.StartAsync();
        var id = await api.TieredAsync("Flaky.S01E01.mkv");
        await api.FailAsync(id, "rclone: connection reset");

        async Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(string action)
        {
            using var response = await api.Http.PostAsync($"/api/items/{id}/{action}", null, Ct);
            return (
                response.StatusCode,
                JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement
            );
        }

        var retried = await PostAsync("retry");
        retried.Status.ShouldBe(HttpStatusCode.OK);
        retried.Body.GetProperty("state").GetString().ShouldBe("tiered");
        retried.Body.GetProperty("step").GetString().ShouldBe("encode");
        var again = await PostAsync("retry");
        again.Status.ShouldBe(HttpStatusCode.Conflict);
        again.Body.GetProperty("error").GetString()!.ShouldContain("Only a failed item");
        (await PostAsync("pin")).Status.ShouldBe(HttpStatusCode.OK);
        (await PostAsync("pin")).Status.ShouldBe(HttpStatusCode.Conflict);
        (await PostAsync("unpin")).Status.ShouldBe(HttpStatusCode.OK);
        (await PostAsync("cancel")).Body.GetProperty("state").GetString().ShouldBe("cancelled");
        (await PostAsync("cancel")).Status.ShouldBe(HttpStatusCode.Conflict);
        var types = (await api.GetJsonAsync($"/api/items/{id}"))
            .GetProperty("timeline")
            .EnumerateArray()
            .Select(e => e.GetProperty("type").GetString())
            .ToList();
        types.ShouldContain("retry-requested");
        types.ShouldContain("pinned");
        types[^1].ShouldBe("cancelled");
    }
}
