using Microsoft.Playwright;
using Sluice.Testing;
using Sluice.Testing.Media;

namespace Sluice.Cli.Tests.EndToEnd;

/// <summary>The web dashboard in Debian's Chromium, driven by Playwright, against a real node.</summary>
public sealed class DashboardSpecs
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private const string Token = "dashboard-token-4242";

    /// <summary>Where screenshots go: artifacts/screenshots under the repository (CI keeps artifacts/).</summary>
    public static string Screenshots =>
        Directory
            .CreateDirectory(Path.Combine(RepositoryPaths.Root, "artifacts", "screenshots"))
            .FullName;

    private static readonly LocatorAssertionsToBeVisibleOptions Long = new() { Timeout = 120_000 };

    [Fact(Timeout = 300_000)]
    public async Task The_dashboard_shows_an_item_reaching_notified_live_and_retry_on_a_failure_runs_it_again()
    {
        await using var rig = await PipelineRig.CreateAsync(c => c["Api"]!["Token"] = Token, Ct);
        var good = await TestClips.CreateAsync(
            rig.Scratch,
            "Dash.Show.S01E01.mkv",
            new ClipOptions(),
            Ct
        );
        var broken = Path.Combine(rig.Scratch, "Broken.Show.S01E02.mkv");
        await File.WriteAllTextAsync(
            broken,
            string.Concat(Enumerable.Repeat("this is not media. ", 10_000)),
            Ct
        );
        await using var node = await rig.StartNodeAsync(Ct);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(
            new() { ExecutablePath = "/usr/bin/chromium", Headless = true }
        );
        var page = await browser.NewPageAsync(
            new()
            {
                ViewportSize = new() { Width = 1440, Height = 1100 },
            }
        );
        var problems = new List<string>();
        page.Console += (_, message) =>
        {
            // The page asks the API before it has a token, and the wrong token is refused.
            if (message.Type == "error" && !message.Text.Contains("401", StringComparison.Ordinal))
            {
                problems.Add(message.Text);
            }
        };
        page.PageError += (_, error) => problems.Add(error);

        await page.GotoAsync(rig.Api.ToString());
        await Assertions.Expect(page.GetByTestId("login")).ToBeVisibleAsync();
        await page.GetByTestId("token").FillAsync("not-the-token");
        await page.GetByTestId("sign-in").ClickAsync();
        await Assertions.Expect(page.Locator("#login-error")).ToContainTextAsync("refused");
        await page.GetByTestId("token").FillAsync(Token);
        await page.GetByTestId("sign-in").ClickAsync();
        await Assertions.Expect(page.GetByTestId("live")).ToContainTextAsync("live");
        await Assertions.Expect(page.GetByTestId("nodes")).ToContainTextAsync("e2e");

        rig.Drop(good);
        var done = page.Locator(
            "[data-testid=recent] tr[data-state=notified]",
            new() { HasText = "Dash.Show.S01E01.mkv" }
        );
        await Assertions.Expect(done).ToBeVisibleAsync(Long);
        await Assertions.Expect(page.GetByTestId("count-notified")).ToContainTextAsync("1");
        await Assertions
            .Expect(page.GetByTestId("events"))
            .ToContainTextAsync("done; announced on");
        (
            await page.Locator("[data-testid=chart] rect[data-series='#3fb950']").CountAsync()
        ).ShouldBeGreaterThan(0, "a finished bar");

        // The channel that announced it, healthy; and a library operation run through the API.
        await Assertions
            .Expect(
                page.GetByTestId("services")
                    .Locator("li[data-kind=channel]", new() { HasText = "discord:announce" })
            )
            .ToContainTextAsync("ok", new() { Timeout = 30_000 });
        Directory.CreateDirectory(Path.Combine(rig.Library, "Shows", "Gone Show", "Season 01"));
        using (
            var rmdir = new HttpRequestMessage(
                HttpMethod.Post,
                "/api/library/rmdir?folder=Shows&apply=true"
            )
        )
        {
            rmdir.Headers.Authorization = new("Bearer", Token);
            using var answer = await node.Http.SendAsync(rmdir, Ct);
            answer.IsSuccessStatusCode.ShouldBeTrue(await answer.Content.ReadAsStringAsync(Ct));
        }

        var operation = page.GetByTestId("library-ops")
            .Locator("li[data-kind=library-op]", new() { HasText = "rmdir Shows" });
        await Assertions.Expect(operation).ToContainTextAsync("done", new() { Timeout = 30_000 });
        await Assertions.Expect(operation).ToContainTextAsync("steps");
        Directory.Exists(Path.Combine(rig.Library, "Shows", "Gone Show")).ShouldBeFalse();

        rig.Drop(broken);
        var failure = page.Locator(
            "[data-testid=failures] li",
            new() { HasText = "Broken.Show.S01E02.mkv" }
        );
        await Assertions
            .Expect(failure)
            .ToContainTextAsync("could not be read as media", new() { Timeout = 120_000 });
        await Assertions.Expect(page.GetByTestId("count-failed")).ToContainTextAsync("1");
        await failure.GetByTestId("retry").ClickAsync();

        await page.Locator("[data-testid=recent] tr", new() { HasText = "Broken.Show.S01E02.mkv" })
            .Locator("a.link")
            .ClickAsync();
        var timeline = page.GetByTestId("timeline");
        await Assertions.Expect(timeline).ToBeVisibleAsync();
        await Assertions
            .Expect(timeline.Locator("li[data-type=retry-requested]"))
            .ToContainTextAsync("retry requested by api");
        await Assertions
            .Expect(timeline.Locator("li[data-type=quarantined]"))
            .ToHaveCountAsync(2, new() { Timeout = 120_000 });
        await Assertions
            .Expect(timeline.Locator("li[data-type=step-started]").Last)
            .ToContainTextAsync("encode started");
        await page.ScreenshotAsync(
            new() { Path = Path.Combine(Screenshots, "dashboard-timeline.png"), FullPage = true }
        );
        await page.Locator("#drawer-close").ClickAsync();
        await page.ScreenshotAsync(
            new() { Path = Path.Combine(Screenshots, "dashboard.png"), FullPage = true }
        );

        problems.ShouldBeEmpty();
    }
}
