using Sluice.Node.Metadata;
using Sluice.Testing.Http;
using static Sluice.Node.Tests.Metadata.Catalogue;

namespace Sluice.Node.Tests.Metadata;

public sealed class SecretSpecs
{
    private const string Token = "eyJhbGciOiJIUzI1NiJ9.secret-read-access-token.Zm9v";
    private const string Expanse3 = "The.Expanse.S02E03.1080p.BluRay.x264-ROVERS.mkv";

    [Fact]
    public async Task The_token_never_appears_in_logs_or_exceptions()
    {
        await using var h = await MetadataHarness.StartAsync(o => o.Tmdb.AccessToken = Token);
        h.Tmdb.AccessToken = Token;
        h.Tmdb.Add(Expanse).AddEpisode(Expanse.Id, 2, 3, "Static");

        (await h.LookupAsync(Expanse3)).ShouldNotBeNull();
        foreach (var fault in new[] { StandInFault.ServerError, StandInFault.Garbage })
        {
            h.Tmdb.Fault = fault;
            h.Clock.Advance(h.Options.DownFor);
            (await h.LookupPromptlyAsync($"Other.Show.{fault}.S01E01.mkv")).ShouldBeNull();
        }

        h.Tmdb.Fault = StandInFault.Hang;
        h.Clock.Advance(h.Options.DownFor);
        var hanging = h.LookupAsync("Hanging.Show.S01E01.mkv");
        (await MetadataHarness.EventuallyAsync(() => h.Tmdb.Requests == 5)).ShouldBeTrue();
        h.Clock.Advance(h.Options.Timeout);
        (await hanging).ShouldBeNull();

        h.Logs.Entries.ShouldNotBeEmpty();
        h.Logs.AllText.ShouldNotContain(Token);
        h.Cache.Entries.Values.ShouldAllBe(json => !json.Contains(Token));
        h.Options.Tmdb.ToString().ShouldNotContain(Token);
    }

    [Fact]
    public async Task A_refused_token_is_reported_without_the_token()
    {
        await using var h = await MetadataHarness.StartAsync(o => o.Tmdb.AccessToken = Token);
        h.Tmdb.Add(Expanse);

        (await h.LookupPromptlyAsync(Expanse3)).ShouldBeNull();

        h.Tmdb.Unauthorized.ShouldBe(1);
        var warning = h.Logs.Warnings.ShouldHaveSingleItem();
        warning.Message.ShouldContain("credentials were refused");
        h.Logs.AllText.ShouldNotContain(Token);
        h.TmdbClient.IsDown.ShouldBeTrue();
    }

    [Fact]
    public async Task A_refused_connection_is_reported_without_the_token()
    {
        await using var h = await MetadataHarness.StartAsync(o =>
        {
            o.Tmdb.AccessToken = Token;
            o.Tmdb.Endpoint = MetadataHarness.RefusingEndpoint();
        });

        (await h.LookupPromptlyAsync(Expanse3)).ShouldBeNull();

        h.Logs.Warnings.ShouldNotBeEmpty();
        h.Logs.AllText.ShouldNotContain(Token);
    }

    [Fact]
    public async Task The_token_travels_as_a_bearer_header_not_in_the_url()
    {
        await using var h = await MetadataHarness.StartAsync(o => o.Tmdb.AccessToken = Token);
        h.Tmdb.AccessToken = Token;
        h.Tmdb.Add(Expanse);

        (await h.LookupAsync(Expanse3)).ShouldNotBeNull();

        h.Tmdb.Asked.ShouldAllBe(path => !path.Contains(Token) && !path.Contains("api_key"));
    }

    [Fact]
    public async Task A_token_no_header_can_carry_switches_TMDB_off_without_showing_it()
    {
        await using var h = await MetadataHarness.StartAsync(o =>
            o.Tmdb.AccessToken = "first-half\nsecond-half"
        );
        h.Tmdb.Add(Expanse);

        (await h.LookupPromptlyAsync(Expanse3)).ShouldBeNull();

        h.TmdbClient.IsEnabled.ShouldBeFalse();
        h.Tmdb.Requests.ShouldBe(0);
        h.Logs.Warnings.ShouldHaveSingleItem().Message.ShouldContain("Metadata:Tmdb:AccessToken");
        h.Logs.AllText.ShouldNotContain("second-half");
    }

    [Fact]
    public async Task A_trailing_newline_on_the_token_is_trimmed()
    {
        await using var h = await MetadataHarness.StartAsync(o =>
            o.Tmdb.AccessToken = Token + "\n"
        );
        h.Tmdb.AccessToken = Token;
        h.Tmdb.Add(Expanse);

        (await h.LookupAsync(Expanse3)).ShouldNotBeNull();
    }
}
