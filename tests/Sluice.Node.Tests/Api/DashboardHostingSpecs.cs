using System.Net;

namespace Sluice.Node.Tests.Api;

public sealed class DashboardHostingSpecs
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_dashboard_page_is_served_without_the_token_under_a_strict_content_policy_and_holds_no_data()
    {
        await using var api = await ApiHost.StartAsync(token: "page-token-123456");
        using var anonymous = new HttpClient { BaseAddress = api.Address };

        using var page = await anonymous.GetAsync("/", Ct);
        page.StatusCode.ShouldBe(HttpStatusCode.OK);
        page.Content.Headers.ContentType!.MediaType.ShouldBe("text/html");
        var policy = page.Headers.GetValues("Content-Security-Policy").Single();
        policy.ShouldContain("script-src 'self'");
        policy.ShouldContain("frame-ancestors 'none'");
        page.Headers.GetValues("X-Frame-Options").Single().ShouldBe("DENY");
        var html = await page.Content.ReadAsStringAsync(Ct);
        html.ShouldContain("/dashboard/app.js");
        html.ShouldNotContain(
            "<script>",
            customMessage: "no inline script: the policy would refuse it"
        );

        foreach (
            var (file, type) in new[]
            {
                ("app.js", "text/javascript"),
                ("app.css", "text/css"),
                ("icon.svg", "image/svg+xml"),
            }
        )
        {
            using var asset = await anonymous.GetAsync($"/dashboard/{file}", Ct);
            asset.StatusCode.ShouldBe(HttpStatusCode.OK, file);
            asset.Content.Headers.ContentType!.MediaType.ShouldBe(type);
            using var again = new HttpRequestMessage(HttpMethod.Get, $"/dashboard/{file}");
            again.Headers.TryAddWithoutValidation("If-None-Match", asset.Headers.ETag!.Tag);
            (await anonymous.SendAsync(again, Ct)).StatusCode.ShouldBe(HttpStatusCode.NotModified);
        }

        (await anonymous.GetAsync("/dashboard/secrets.json", Ct)).StatusCode.ShouldBe(
            HttpStatusCode.NotFound
        );
        (await anonymous.GetAsync("/api/items", Ct)).StatusCode.ShouldBe(
            HttpStatusCode.Unauthorized
        );
    }

    [Fact]
    public async Task Without_a_token_a_request_another_web_site_makes_through_the_browser_is_refused()
    {
        await using var api = await ApiHost.StartAsync();
        var id = await api.TieredAsync("Victim.S01E01.mkv");
        await api.FailAsync(id, "unreadable");

        async Task<HttpStatusCode> RetryAsync(string header, string value)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/items/{id}/retry");
            request.Headers.TryAddWithoutValidation(header, value);
            using var response = await api.Http.SendAsync(request, Ct);
            return response.StatusCode;
        }

        (await RetryAsync("Origin", "https://evil.example")).ShouldBe(HttpStatusCode.Forbidden);
        (await RetryAsync("Sec-Fetch-Site", "cross-site")).ShouldBe(HttpStatusCode.Forbidden);
        (await RetryAsync("Origin", "null")).ShouldBe(HttpStatusCode.Forbidden);
        (await api.GetJsonAsync($"/api/items/{id}"))
            .GetProperty("summary")
            .GetProperty("state")
            .GetString()
            .ShouldBe("failed");
        (await RetryAsync("Origin", api.Address.GetLeftPart(UriPartial.Authority))).ShouldBe(
            HttpStatusCode.OK,
            "the dashboard's own origin"
        );
    }
}
