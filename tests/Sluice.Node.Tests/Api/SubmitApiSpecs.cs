using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Sluice.Node.Api;
using Sluice.Node.Incoming;
using Sluice.Testing;
using Sluice.Testing.Http;

namespace Sluice.Node.Tests.Api;

/// <summary>POST /api/items against a real node in this process, with real files and the default folder vault read through rclone.</summary>
public sealed class SubmitApiSpecs
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private const string Episode = "Shows/Show/Season 01/Show - S01E01.mkv";

    private static async Task<(HttpStatusCode Status, JsonElement Body)> SubmitAsync(
        ApiHost api,
        string source,
        string? stage = null
    )
    {
        using var response = await api.Http.PostAsJsonAsync(
            "/api/items",
            new { source, stage },
            Ct
        );
        var text = await response.Content.ReadAsStringAsync(Ct);
        return (response.StatusCode, JsonDocument.Parse(text).RootElement.Clone());
    }

    private static string Write(string path, int size = 4096, int seed = 1)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var bytes = new byte[size];
        new Random(seed).NextBytes(bytes);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static string Error(JsonElement body) => body.GetProperty("error").GetString()!;

    private static async Task<long> ItemCountAsync(ApiHost api)
    {
        using var response = await api.Http.GetAsync("/api/items", Ct);
        return long.Parse(response.Headers.GetValues(ItemsApi.TotalCountHeader).Single());
    }

    [Fact]
    public async Task A_duplicate_submission_is_one_item()
    {
        await using var api = await ApiHost.StartAsync(roles: "notify");
        var file = Write(Path.Combine(api.Data, "library", Episode));

        var (first, created) = await SubmitAsync(api, file, "notify");
        var (second, again) = await SubmitAsync(api, file, "notify");

        first.ShouldBe(HttpStatusCode.Created);
        created.GetProperty("created").GetBoolean().ShouldBeTrue();
        created.GetProperty("stage").GetString().ShouldBe("notify");
        second.ShouldBe(HttpStatusCode.OK);
        again.GetProperty("created").GetBoolean().ShouldBeFalse();
        again.GetProperty("duplicate").GetString()!.ShouldContain("already has");
        again
            .GetProperty("item")
            .GetProperty("id")
            .GetString()
            .ShouldBe(created.GetProperty("item").GetProperty("id").GetString());
        (await ItemCountAsync(api)).ShouldBe(1);
        File.Exists(file).ShouldBeTrue("a library file stays where it is");
    }

    [Fact]
    public async Task Concurrent_submissions_of_one_file_are_one_item()
    {
        await using var api = await ApiHost.StartAsync(roles: "notify");
        var file = Write(Path.Combine(api.Data, "library", Episode), size: 1 << 20);

        var answers = await Task.WhenAll(
            Enumerable.Range(0, 8).Select(_ => SubmitAsync(api, file, "notify"))
        );

        answers.Count(a => a.Status == HttpStatusCode.Created).ShouldBe(1);
        answers.Count(a => a.Status == HttpStatusCode.OK).ShouldBe(7);
        answers
            .Select(a => a.Body.GetProperty("item").GetProperty("id").GetString())
            .Distinct()
            .ShouldHaveSingleItem();
        (await ItemCountAsync(api)).ShouldBe(1);
    }

    [Fact]
    public async Task A_path_outside_the_roots_is_refused_with_a_clear_error()
    {
        await using var api = await ApiHost.StartAsync(roles: "notify");
        var outside = Write(Path.Combine(api.Data, "outside", "Show - S01E01.mkv"));
        var link = Path.Combine(api.Data, "library", "Shows", "Show", "link.mkv");
        Directory.CreateDirectory(Path.GetDirectoryName(link)!);
        File.CreateSymbolicLink(link, outside);
        var library = Path.Combine(api.Data, "library");

        foreach (
            var source in new[]
            {
                "/etc/passwd",
                outside,
                $"{library}/../outside/Show - S01E01.mkv",
                link,
            }
        )
        {
            var (status, body) = await SubmitAsync(api, source, "notify");
            status.ShouldBe(HttpStatusCode.UnprocessableEntity, source);
            Error(body)
                .ShouldContain(
                    "is outside the folders Sluice takes files from",
                    Case.Sensitive,
                    source
                );
        }

        var (missing, why) = await SubmitAsync(api, $"{library}/{Episode}", "notify");
        missing.ShouldBe(HttpStatusCode.NotFound);
        Error(why).ShouldStartWith("No file at");
        (await SubmitAsync(api, "Show - S01E01.mkv")).Status.ShouldBe(HttpStatusCode.BadRequest);
        var (stage, unknown) = await SubmitAsync(api, outside, "upload");
        stage.ShouldBe(HttpStatusCode.BadRequest);
        Error(unknown).ShouldContain("sanitize, vault, encode, distribute, notify");
        (await ItemCountAsync(api)).ShouldBe(0);
        File.Exists(outside).ShouldBeTrue();
    }

    [Fact]
    public async Task A_vault_file_is_checked_in_its_destination_before_it_is_accepted()
    {
        await using var api = await ApiHost.StartAsync(roles: "notify");
        var vaulted = Write(Path.Combine(api.Data, "vault", Episode), seed: 7);

        var (status, body) = await SubmitAsync(api, $"local:{Episode}", "encode");

        status.ShouldBe(HttpStatusCode.Created);
        var id = body.GetProperty("item").GetProperty("id").GetString();
        var detail = await api.GetJsonAsync($"/api/items/{id}");
        detail.GetProperty("summary").GetProperty("state").GetString().ShouldBe("tiered");
        detail.GetProperty("summary").GetProperty("step").GetString().ShouldBe("encode");
        detail.GetProperty("evicted").EnumerateArray().Single().GetString().ShouldBe("source");
        var copy = detail.GetProperty("copies").EnumerateArray().Single();
        copy.GetProperty("destination").GetString().ShouldBe("local");
        copy.GetProperty("size").GetInt64().ShouldBe(4096);
#pragma warning disable CA5351 // the hash the folder remote reports, compared, not trusted for security
        var md5 = Convert.ToHexStringLower(MD5.HashData(File.ReadAllBytes(vaulted)));
#pragma warning restore CA5351
        copy.GetProperty("verification").GetString().ShouldBe("md5:" + md5);
        (
            await SubmitAsync(api, $"local:Shows//Show/./Season 01/../Season 01/Show - S01E01.mkv")
        ).Status.ShouldBe(HttpStatusCode.OK, "the same file by a longer path is the same item");
    }

    [Fact]
    public async Task A_vault_file_that_is_missing_outside_its_root_or_at_the_wrong_stage_is_refused()
    {
        await using var api = await ApiHost.StartAsync(roles: "notify");
        Write(Path.Combine(api.Data, "vault", Episode));

        var cases = new (string Source, string? Stage, HttpStatusCode Status, string Error)[]
        {
            (
                "local:Shows/Show/Missing - S01E02.mkv",
                null,
                HttpStatusCode.NotFound,
                "No file at local:Shows/Show/Missing - S01E02.mkv"
            ),
            ("local:../../etc/passwd", null, HttpStatusCode.UnprocessableEntity, "climbs out"),
            (
                "local:Shows/../../vault/x.mkv",
                null,
                HttpStatusCode.UnprocessableEntity,
                "climbs out"
            ),
            (
                "nowhere:" + Episode,
                null,
                HttpStatusCode.NotFound,
                "No vault destination 'nowhere'; configured: local"
            ),
            (
                "local:" + Episode,
                "sanitize",
                HttpStatusCode.UnprocessableEntity,
                "needs the file on a node's disk"
            ),
            (
                "local:" + Episode,
                "vault",
                HttpStatusCode.UnprocessableEntity,
                "needs the file on a node's disk"
            ),
            ("local:" + Episode, "distribute", HttpStatusCode.UnprocessableEntity, "replica"),
            ("local:Shows", null, HttpStatusCode.UnprocessableEntity, "must start with Shows/"),
        };
        foreach (var (source, stage, expected, error) in cases)
        {
            var (status, body) = await SubmitAsync(api, source, stage);
            status.ShouldBe(expected, source);
            Error(body).ShouldContain(error, Case.Sensitive, source);
        }

        (await ItemCountAsync(api)).ShouldBe(0);
    }

    [Fact]
    public async Task Hostile_names_never_reach_past_their_roots()
    {
        await using var api = await ApiHost.StartAsync(roles: "notify");
        var incoming = Path.Combine(api.Data, "incoming");

        foreach (var name in HostileNames.All)
        {
            foreach (
                var source in new[] { $"{incoming}/{name}", $"local:Shows/{name}", $"local:{name}" }
            )
            {
                var (status, body) = await SubmitAsync(api, source, null);
                ((int)status).ShouldBeInRange(400, 499, source);
                Error(body).ShouldNotBeNullOrWhiteSpace();
                Error(body).Any(char.IsControl).ShouldBeFalse(source);
            }
        }

        (await ItemCountAsync(api)).ShouldBe(0);
        Directory
            .EnumerateFileSystemEntries(api.Data, "*", SearchOption.AllDirectories)
            .Select(p => Path.GetRelativePath(api.Data, p))
            .Where(p => !p.StartsWith("sluice.db", StringComparison.Ordinal))
            .ShouldAllBe(p => !p.Contains("passwd") && !p.Contains("etc"));
    }

    [Fact]
    public async Task A_local_file_is_refused_by_a_node_that_cannot_run_the_steps_that_read_it()
    {
        await using var api = await ApiHost.StartAsync(roles: "notify,vault");
        var file = Write(Path.Combine(api.Data, "library", Episode));

        var (status, body) = await SubmitAsync(api, file, "vault");

        status.ShouldBe(HttpStatusCode.UnprocessableEntity);
        Error(body).ShouldContain("lacks the role tier");
        (await ItemCountAsync(api)).ShouldBe(0);
    }

    [Fact(Timeout = 120_000)]
    public async Task A_file_submitted_from_incoming_is_sorted_like_a_dropped_one_and_the_watcher_finding_it_too_is_the_same_item()
    {
        await using var api = await ApiHost.StartAsync(roles: "sanitize,vault,tier");
        var incoming = Path.Combine(api.Data, "incoming");
        var file = Write(Path.Combine(incoming, "Some Show", "Some.Show.S01E02.720p.mkv"));
        Write(Path.Combine(incoming, ".hidden.mkv"));
        Write(Path.Combine(incoming, "Some.Show.S01E03.720p.mkv.part"));

        var (status, body) = await SubmitAsync(api, file);
        var outcome = await api.Services.GetRequiredService<Ingestor>().IngestAsync(file, Ct);

        status.ShouldBe(HttpStatusCode.Created);
        body.GetProperty("stage").GetString().ShouldBe("sanitize");
        outcome.ShouldBeOneOf(IngestOutcome.Taken, IngestOutcome.Vanished);
        var id = body.GetProperty("item").GetProperty("id").GetString();
        string? sorted = null;
        (
            await Eventually.TrueWithinAsync(
                () =>
                    (
                        sorted = api.GetJsonAsync($"/api/items/{id}")
                            .GetAwaiter()
                            .GetResult()
                            .GetProperty("summary")
                            .GetProperty("libraryPath")
                            .GetString()
                    )
                        is not null,
                TimeSpan.FromSeconds(60),
                Ct
            )
        ).ShouldBeTrue();
        sorted.ShouldBe("Shows/Some Show/Season 01/Some Show - S01E02.mkv");
        File.Exists(Path.Combine(api.Data, "library", sorted!)).ShouldBeTrue();
        File.Exists(file).ShouldBeFalse("sanitize moved it out of incoming, as a dropped file");
        (await ItemCountAsync(api)).ShouldBe(1);
        foreach (var ignored in new[] { ".hidden.mkv", "Some.Show.S01E03.720p.mkv.part" })
        {
            var (refused, why) = await SubmitAsync(api, Path.Combine(incoming, ignored));
            refused.ShouldBe(HttpStatusCode.UnprocessableEntity, ignored);
            Error(why).ShouldContain("Sluice does not take", Case.Sensitive, ignored);
        }
    }

    [Fact]
    public async Task A_submitted_file_is_looked_up_for_its_announcement_as_sanitize_would()
    {
        await using var anilist = await AniListStandIn.StartAsync();
        anilist.Add(
            new AniListEntry(154587, "Sousou no Frieren")
            {
                English = "Frieren: Beyond Journey's End",
                SeasonYear = 2023,
                Episodes = 28,
                Studio = "MADHOUSE",
            }
        );
        await using var api = await ApiHost.StartAsync(
            new Dictionary<string, string?>
            {
                ["Metadata:AniList:Enabled"] = "true",
                ["Metadata:AniList:Endpoint"] = anilist.Endpoint.ToString(),
            },
            roles: "notify"
        );
        const string name = "Unsorted/[Grp] Sousou no Frieren - 07 [1080p].mkv";
        Write(Path.Combine(api.Data, "vault", name));

        var (status, body) = await SubmitAsync(api, $"local:{name}", "notify");

        status.ShouldBe(HttpStatusCode.Created);
        var detail = await api.GetJsonAsync(
            $"/api/items/{body.GetProperty("item").GetProperty("id").GetString()}"
        );
        var details = detail.GetProperty("media").GetProperty("details");
        details.GetProperty("provider").GetString().ShouldBe("anilist");
        details.GetProperty("providerId").GetInt32().ShouldBe(154587);
        details.GetProperty("studio").GetString().ShouldBe("MADHOUSE");
        detail
            .GetProperty("summary")
            .GetProperty("libraryPath")
            .GetString()
            .ShouldBe(name, "the file keeps its name");
    }
}
