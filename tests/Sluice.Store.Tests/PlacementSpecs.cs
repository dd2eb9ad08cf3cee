using Sluice.Domain.Items;
using Sluice.Testing;

namespace Sluice.Store.Tests;

public sealed class PlacementSpecs
{
    private static async Task<ItemId> AtEncodeAsync(TestStore test, string[] homeRoles)
    {
        await test.Store.StartNodeAsync(
            new NodeIdentity("home", Guid.NewGuid(), "box", 1, homeRoles),
            test.Lease,
            _ => false,
            CancellationToken.None
        );
        var created = await test.Store.DiscoverAsync(
            new NewItem("a.mkv", "/in/a.mkv", 10, "sha256:a"),
            CancellationToken.None,
            "home"
        );
        var id = created.Id;
        await test.RunAsync(id, new CompleteSanitize("Shows/a.mkv", TestStore.Media));
        await test.RunAsync(
            id,
            new CompleteVault(Artifact.Source, [TestStore.Copy(Artifact.Source)])
        );
        await test.RunAsync(id, new CompleteTier(1, 0, 0));
        return id;
    }

    [Theory]
    [MemberData(nameof(TestStore.Dialects), MemberType = typeof(TestStore))]
    public async Task Steps_that_read_the_file_are_only_claimed_by_the_node_that_holds_it(
        DialectKind kind
    )
    {
        await using var test = await TestStore.CreateAsync(kind);
        await test.Store.DiscoverAsync(
            new NewItem("a.mkv", "/in/a.mkv", 10, "sha256:a"),
            CancellationToken.None,
            "home"
        );

        (await test.ClaimAsync("sanitize", node: "vps")).ShouldBeEmpty();
        (await test.ClaimAsync("sanitize", node: "home")).ShouldHaveSingleItem();
    }

    [Theory]
    [MemberData(nameof(TestStore.Dialects), MemberType = typeof(TestStore))]
    public async Task A_node_claims_only_steps_of_its_roles(DialectKind kind)
    {
        await using var test = await TestStore.CreateAsync(kind);
        await test.DiscoverAsync();

        (
            await test.Store.ClaimAsync(
                new ClaimRequest("home", "sanitize", 1, test.Lease) { Roles = [Roles.Encode] },
                CancellationToken.None
            )
        ).ShouldBeEmpty();
        (
            await test.Store.ClaimAsync(
                new ClaimRequest("home", "sanitize", 1, test.Lease) { Roles = [Roles.Sanitize] },
                CancellationToken.None
            )
        ).ShouldHaveSingleItem();
    }

    [Theory]
    [MemberData(nameof(TestStore.Dialects), MemberType = typeof(TestStore))]
    public async Task An_encode_stays_with_the_bytes_until_that_node_loses_its_lease_then_any_encoder_may_fetch_them(
        DialectKind kind
    )
    {
        await using var test = await TestStore.CreateAsync(kind);
        await AtEncodeAsync(test, [.. Roles.All]);

        (await test.ClaimAsync("encode", node: "vps")).ShouldBeEmpty();
        await test.ClaimOneAsync("encode", node: "home");
        await test.AdvanceAsync(test.Lease + test.Margin);
        await test.Store.RescueExpiredAsync(CancellationToken.None);

        (await test.ClaimOneAsync("encode", node: "vps")).Lease.Attempt.ShouldBe(2);
    }

    [Theory]
    [MemberData(nameof(TestStore.Dialects), MemberType = typeof(TestStore))]
    public async Task When_the_holder_does_not_encode_any_encoder_takes_it(DialectKind kind)
    {
        await using var test = await TestStore.CreateAsync(kind);
        var id = await AtEncodeAsync(test, [Roles.Ingest, Roles.Sanitize, Roles.Vault, Roles.Tier]);

        var job = await test.ClaimOneAsync("encode", node: "vps");

        job.Lease.ItemId.ShouldBe(id);
        (await test.ViewAsync(id)).Job!.RequiredNode.ShouldBeNull();
    }
}
