using Sluice.Node.Configuration;

namespace Sluice.Node.Tests.Configuration;

public sealed class OptionsValidationSpecs
{
    private static readonly OptionsValidation Validation = new();

    [Fact]
    public void The_defaults_are_valid()
    {
        Validation.Validate(null, new EngineOptions()).Succeeded.ShouldBeTrue();
        Validation.Validate(null, new StagesOptions()).Succeeded.ShouldBeTrue();
        Validation.Validate(null, new IncomingOptions()).Succeeded.ShouldBeTrue();
        Validation.Validate(null, new VaultOptions()).Succeeded.ShouldBeTrue();
        new TierOptionsValidation().Validate(null, new TierOptions()).Succeeded.ShouldBeTrue();
        Validation.Validate(null, new NotifyOptions()).Succeeded.ShouldBeTrue();
        Validation.Validate(null, new ApiOptions()).Succeeded.ShouldBeTrue();
        Validation.Validate(null, new NodeOptions { Name = "home" }).Succeeded.ShouldBeTrue();
    }

    [Fact]
    public void A_bad_stage_value_names_its_key()
    {
        var options = new StagesOptions
        {
            Encode = new StageOptions { Concurrency = 0, MaxAttempts = 3 },
        };

        var result = Validation.Validate(null, options);

        result.Failed.ShouldBeTrue();
        result.FailureMessage!.ShouldContain("Stages:Encode:Concurrency");
    }

    [Fact]
    public void Listening_beyond_loopback_without_a_token_is_refused()
    {
        var result = Validation.Validate(null, new ApiOptions { Listen = "0.0.0.0:5480" });

        result.Failed.ShouldBeTrue();
        result.FailureMessage!.ShouldContain("Api:Listen");
        result.FailureMessage!.ShouldContain("token");
        Validation
            .Validate(null, new ApiOptions { Listen = "0.0.0.0:5480", Token = "t" })
            .Succeeded.ShouldBeTrue();
    }

    [Fact]
    public void A_listen_address_must_be_host_and_port()
    {
        Validation
            .Validate(null, new ApiOptions { Listen = "5480" })
            .FailureMessage!.ShouldContain("HOST:PORT");
        ListenAddress.TryParse("[::1]:5480", out var v6).ShouldBeTrue();
        v6.IsLoopback.ShouldBeTrue();
        v6.Url.ShouldBe("http://[::1]:5480");
    }

    [Fact]
    public void Watermarks_must_be_ordered()
    {
        var result = new TierOptionsValidation().Validate(
            null,
            new TierOptions { LowWatermarkPercent = 40, HighWatermarkPercent = 30 }
        );

        result.FailureMessage!.ShouldContain("Tier:HighWatermarkPercent");
    }

    [Fact]
    public void Vault_destinations_need_names_and_remotes_and_unique_names()
    {
        var result = Validation.Validate(
            null,
            new VaultOptions
            {
                Destinations =
                [
                    new() { Name = "a", Remote = "x:" },
                    new() { Name = "a", Remote = "" },
                ],
            }
        );

        result.FailureMessage!.ShouldContain("Vault:Destinations:1:Remote");
        result.FailureMessage!.ShouldContain("two destinations named 'a'");
    }

    [Fact]
    public void Webhook_urls_must_be_http()
    {
        var result = Validation.Validate(
            null,
            new NotifyOptions { Discord = [new() { Name = "d", Url = "ftp://x" }] }
        );

        result.FailureMessage!.ShouldContain("Notify:Discord:0:Url");
    }

    [Fact]
    public void Roles_that_cannot_work_together_name_the_key()
    {
        var result = Validation.Validate(
            null,
            new NodeOptions { Name = "home", Roles = ["ingest", "encode"] }
        );

        result.FailureMessage!.ShouldContain("Node:Roles");
        result.FailureMessage!.ShouldContain("sanitize");
    }

    [Fact]
    public void A_cluster_limit_and_the_distribute_stage_are_checked_too()
    {
        var result = Validation.Validate(
            null,
            new StagesOptions
            {
                Distribute = new StageOptions
                {
                    Concurrency = 1,
                    MaxAttempts = 1,
                    ClusterLimit = 0,
                },
            }
        );

        result.FailureMessage!.ShouldContain("Stages:Distribute:ClusterLimit");
    }

    [Fact]
    public void A_vault_of_replicas_only_has_nothing_to_fill_them_from()
    {
        var result = Validation.Validate(
            null,
            new VaultOptions
            {
                Destinations =
                [
                    new()
                    {
                        Name = "b2",
                        Remote = "b2:x",
                        Replica = true,
                    },
                ],
            }
        );

        result.FailureMessage!.ShouldContain("not a replica");
    }

    [Fact]
    public void A_postgres_setting_must_be_a_connection_string()
    {
        Validation
            .Validate(null, new StoreOptions { Postgres = "postgres://nope" })
            .FailureMessage!.ShouldContain("Store:Postgres");
        Validation
            .Validate(
                null,
                new StoreOptions { Postgres = "Host=127.0.0.1;Database=sluice;Username=s" }
            )
            .Succeeded.ShouldBeTrue();
    }

    [Fact]
    public void A_channel_url_is_needed_only_on_a_node_that_sends()
    {
        var channels = new NotifyOptions { Discord = [new() { Name = "announcements" }] };
        static NotifyUrlsValidation For(params string[] roles) =>
            new(
                Microsoft.Extensions.Options.Options.Create(
                    new NodeOptions { Name = "n", Roles = [.. roles] }
                )
            );

        Validation.Validate(null, channels).Succeeded.ShouldBeTrue();
        For("ingest", "sanitize", "vault", "tier", "encode")
            .Validate(null, channels)
            .Succeeded.ShouldBeTrue();
        For("notify")
            .Validate(null, channels)
            .FailureMessage!.ShouldContain("SLUICE_Notify__Discord__0__Url");
    }
}
