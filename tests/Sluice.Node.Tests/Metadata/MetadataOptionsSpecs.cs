using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sluice.Node.Metadata;

namespace Sluice.Node.Tests.Metadata;

public sealed class MetadataOptionsSpecs
{
    private static readonly MetadataOptionsValidation Validation = new();

    [Fact]
    public void The_defaults_are_valid_and_ask_AniList_only()
    {
        var options = new MetadataOptions();

        Validation.Validate(null, options).Succeeded.ShouldBeTrue();
        options.AniList.Enabled.ShouldBeTrue();
        options.AniList.Endpoint.ShouldBe(new Uri("https://graphql.anilist.co"));
        options.AniList.RequestsPerMinute.ShouldBe(80);
        options.Tmdb.IsEnabled.ShouldBeFalse();
        options.Tmdb.Endpoint.ShouldBe(new Uri("https://api.themoviedb.org"));
        options.Tmdb.RequestsPerSecond.ShouldBe(20);
        options.Timeout.ShouldBe(TimeSpan.FromSeconds(10));
        options.CacheFor.ShouldBe(TimeSpan.FromDays(30));
        options.DownFor.ShouldBe(TimeSpan.FromMinutes(5));
    }

    [Fact]
    public void A_token_switches_TMDB_on_unless_it_is_switched_off()
    {
        new TmdbOptions { AccessToken = "t" }.IsEnabled.ShouldBeTrue();
        new TmdbOptions { AccessToken = "t", Enabled = false }.IsEnabled.ShouldBeFalse();
        new TmdbOptions { Enabled = true }.IsEnabled.ShouldBeFalse();
    }

    [Fact]
    public void TMDB_switched_on_without_a_token_names_the_key()
    {
        var result = Validation.Validate(null, new MetadataOptions { Tmdb = { Enabled = true } });

        result.Failed.ShouldBeTrue();
        result.FailureMessage.ShouldContain("Metadata:Tmdb:AccessToken");
    }

    [Fact]
    public void A_token_with_a_line_break_is_refused_without_showing_it()
    {
        var result = Validation.Validate(
            null,
            new MetadataOptions { Tmdb = { AccessToken = "abc\ndef-secret" } }
        );

        result.FailureMessage!.ShouldContain("Metadata:Tmdb:AccessToken");
        result.FailureMessage!.ShouldNotContain("def-secret");
        Validation
            .Validate(null, new MetadataOptions { Tmdb = { AccessToken = "abc-def\n" } })
            .Succeeded.ShouldBeTrue(); // a trailing newline from an env file is trimmed
    }

    [Fact]
    public void A_bad_rate_names_its_key()
    {
        var result = Validation.Validate(
            null,
            new MetadataOptions { AniList = { RequestsPerMinute = 0 } }
        );

        result.FailureMessage!.ShouldContain("Metadata:AniList:RequestsPerMinute");
    }

    [Fact]
    public async Task Registration_binds_the_section_and_resolves_the_service()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(
                new Dictionary<string, string?>
                {
                    ["Metadata:Timeout"] = "00:00:05",
                    ["Metadata:AniList:RequestsPerMinute"] = "30",
                    ["Metadata:AniList:Endpoint"] = "http://127.0.0.1:9/graphql",
                    ["Metadata:Tmdb:AccessToken"] = "token-from-the-environment",
                }
            )
            .Build();
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<IMetadataCache>(new InMemoryMetadataCache(TimeProvider.System))
            .AddSluiceMetadata(configuration);
        await using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<MetadataOptions>>().Value;
        options.Timeout.ShouldBe(TimeSpan.FromSeconds(5));
        options.AniList.RequestsPerMinute.ShouldBe(30);
        options.AniList.Endpoint.ShouldBe(new Uri("http://127.0.0.1:9/graphql"));
        provider.GetRequiredService<TmdbClient>().IsEnabled.ShouldBeTrue();
        provider.GetRequiredService<MetadataService>().ShouldNotBeNull();
        provider
            .GetRequiredService<AniListClient>()
            .ShouldBeSameAs(provider.GetRequiredService<AniListClient>());
    }

    [Fact]
    public async Task Registration_refuses_an_unknown_key()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(
                new Dictionary<string, string?> { ["Metadata:Tmbd:AccessToken"] = "x" }
            )
            .Build();
        await using var provider = new ServiceCollection()
            .AddLogging()
            .AddSluiceMetadata(configuration)
            .BuildServiceProvider();

        Should.Throw<InvalidOperationException>(() =>
            provider.GetRequiredService<IOptions<MetadataOptions>>().Value
        );
    }
}
