using Sluice.Node.Configuration;

namespace Sluice.Node.Tests.Configuration;

public sealed class NotifyOptionsValidationSpecs
{
    private static readonly NotifyOptionsValidation Validation = For("ingest", "notify");

    private static NotifyOptionsValidation For(params string[] roles) =>
        new(
            Microsoft.Extensions.Options.Options.Create(
                new NodeOptions { Name = "n", Roles = [.. roles] }
            ),
            Microsoft.Extensions.Options.Options.Create(new Sluice.Node.Metadata.MetadataOptions())
        );

    [Fact]
    public void The_defaults_are_valid() =>
        Validation.Validate(null, new NotifyOptions()).Succeeded.ShouldBeTrue();

    [Theory]
    [InlineData("CoalesceWindow")]
    [InlineData("RetryBackoffBase")]
    [InlineData("RetryBackoffMax")]
    [InlineData("QuarantineAfter")]
    public void A_bad_value_names_its_key(string key)
    {
        var options = new NotifyOptions();
        switch (key)
        {
            case "CoalesceWindow":
                options.CoalesceWindow = TimeSpan.FromSeconds(-1);
                break;
            case "RetryBackoffBase":
                options.RetryBackoffBase = TimeSpan.Zero;
                break;
            case "RetryBackoffMax":
                options.RetryBackoffMax = TimeSpan.FromSeconds(1);
                break;
            case "QuarantineAfter":
                options.QuarantineAfter = 0;
                break;
        }

        var result = Validation.Validate(null, options);

        result.Failed.ShouldBeTrue();
        result.FailureMessage!.ShouldContain($"Notify:{key}");
    }

    [Fact]
    public void A_media_server_needs_its_url_and_token_only_on_a_node_that_sends()
    {
        var options = new NotifyOptions
        {
            Plex = [new() { Name = "home" }],
            Jellyfin = [new() { Name = "tv", Url = "http://127.0.0.1:8096" }],
        };

        For("ingest", "encode").Validate(null, options).Succeeded.ShouldBeTrue();
        var result = For("notify").Validate(null, options);

        result.FailureMessage!.ShouldContain("Notify:Plex:0:Url");
        result.FailureMessage!.ShouldContain("SLUICE_Notify__Plex__0__Token");
        result.FailureMessage!.ShouldContain("SLUICE_Notify__Jellyfin__0__ApiKey");
    }

    [Fact]
    public void A_library_root_is_an_absolute_path_as_the_server_sees_it()
    {
        var result = Validation.Validate(
            null,
            new NotifyOptions
            {
                Jellyfin =
                [
                    new()
                    {
                        Name = "tv",
                        Url = "http://127.0.0.1:8096",
                        ApiKey = "k",
                        LibraryRoot = "media",
                    },
                ],
            }
        );

        result.FailureMessage!.ShouldContain("Notify:Jellyfin:0:LibraryRoot");
    }
}
