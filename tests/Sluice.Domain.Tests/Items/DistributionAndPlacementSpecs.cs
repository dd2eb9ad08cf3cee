using Sluice.Domain.Items;
using static Sluice.Domain.Tests.Items.ItemSpecs;

namespace Sluice.Domain.Tests.Items;

public sealed class DistributionAndPlacementSpecs
{
    private static Item WithReplica()
    {
        var sanitized = Run(
            Run(null, new Discover(Id, "a.mkv", "/in/a.mkv", 10, "sha256:aa", "home")),
            new CompleteSanitize("Shows/a.mkv", Episode)
        );
        var vaulted = Run(
            sanitized,
            new CompleteVault(Artifact.Source, [Copy(Artifact.Source, "gdrive")], ["backup"])
        );
        var tiered = Run(vaulted, new CompleteTier(1, 0, 0));
        var produced = Run(
            tiered,
            new CompleteEncode(new EncodeOutput("hardsub", "Encoded/Shows/a.mp4", 5, 2, "home"))
        );
        return Run(
            produced,
            new CompleteVault(Artifact.Encoded, [Copy(Artifact.Encoded, "gdrive")])
        );
    }

    [Fact]
    public void With_a_replica_the_encoded_item_is_distributed_before_it_is_announced()
    {
        var item = WithReplica();

        item.Replicas.ShouldBe(["backup"]);
        item.PendingReplicas.ShouldBe([(Artifact.Source, "backup"), (Artifact.Encoded, "backup")]);
        Pipeline.NextStep(item).ShouldBe(Step.Distribute);
    }

    [Fact]
    public void Once_every_file_has_its_replica_copy_the_item_goes_on_to_notify()
    {
        var item = Run(
            WithReplica(),
            new CompleteDistribute([
                Copy(Artifact.Source, "backup"),
                Copy(Artifact.Encoded, "backup"),
            ])
        );

        item.PendingReplicas.ShouldBeEmpty();
        item.State.ShouldBe(ItemState.Encoded);
        Pipeline.NextStep(item).ShouldBe(Step.Notify);
    }

    [Fact]
    public void Without_replicas_there_is_no_distribute_step()
    {
        Pipeline.NextStep(Encoded()).ShouldBe(Step.Notify);
        ItemMachine.Decide(Encoded(), new CompleteDistribute([])).IsRejected.ShouldBeTrue();
    }

    [Fact]
    public void Steps_that_read_the_bytes_run_on_the_node_that_holds_them()
    {
        var item = WithReplica();
        static bool Anyone(string node, Step step) => true;

        Placement.RequiredNode(item, Step.Sanitize, Anyone).ShouldBe("home");
        Placement.RequiredNode(item, Step.Vault, Anyone).ShouldBe("home");
        Placement.RequiredNode(item, Step.Tier, Anyone).ShouldBe("home");
        Placement.RequiredNode(item, Step.VaultEncoded, Anyone).ShouldBe("home");
        Placement.RequiredNode(item, Step.Distribute, Anyone).ShouldBeNull();
        Placement.RequiredNode(item, Step.Notify, Anyone).ShouldBeNull();
    }

    [Fact]
    public void Encode_stays_with_the_bytes_when_that_node_encodes_and_goes_anywhere_otherwise()
    {
        var item = WithReplica();

        Placement
            .RequiredNode(item, Step.Encode, (node, step) => node == "home" && step == Step.Encode)
            .ShouldBe("home");
        Placement.RequiredNode(item, Step.Encode, (_, _) => false).ShouldBeNull();
        Placement
            .RequiredNode(item with { Evicted = [Artifact.Source] }, Step.Encode, (_, _) => true)
            .ShouldBeNull();
    }

    [Fact]
    public void The_encoded_output_is_uploaded_by_the_node_that_encoded_it()
    {
        Placement.RoleOf(Step.VaultEncoded).ShouldBe(Roles.Encode);
        Placement.QueueOf(Step.VaultEncoded).ShouldBe(Placement.QueueOf(Step.Vault));
    }

    [Theory]
    [InlineData(new[] { "ingest", "sanitize", "vault", "tier", "encode" }, null)]
    [InlineData(new[] { "distribute", "notify" }, null)]
    [InlineData(new[] { "ingest", "encode" }, "needs sanitize, vault, tier")]
    [InlineData(new[] { "upload" }, "'upload' is not a role")]
    [InlineData(new string[0], "at least one role")]
    public void Role_sets_that_cannot_work_are_explained(string[] roles, string? problem)
    {
        var found = Roles.Problem(roles);

        if (problem is null)
        {
            found.ShouldBeNull();
        }
        else
        {
            found.ShouldNotBeNull().ShouldContain(problem);
        }
    }
}
