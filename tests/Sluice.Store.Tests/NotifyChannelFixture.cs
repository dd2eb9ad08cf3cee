using Sluice.Domain.Engine;
using Sluice.Domain.Items;
using Sluice.Testing;

namespace Sluice.Store.Tests;

/// <summary>Items walked to the notify step and channels taken for sending, for the channel specs.</summary>
internal static class NotifyChannelFixture
{
    private static CancellationToken Ct => CancellationToken.None;

    public static async Task<ItemId> AtNotifyAsync(TestStore test, string name)
    {
        var id = await AtEncodeAsync(test, name);
        await test.RunAsync(id, new SkipEncode("nothing"));
        return id;
    }

    public static async Task<ItemId> AtEncodeAsync(TestStore test, string name)
    {
        var id = await test.DiscoverAsync(name);
        await test.RunAsync(id, new CompleteSanitize($"Shows/{name}", TestStore.Media));
        await test.RunAsync(
            id,
            new CompleteVault(Artifact.Source, [TestStore.Copy(Artifact.Source)])
        );
        await test.RunAsync(id, new CompleteTier(1, 0, 0));
        return id;
    }

    public static async Task<ClaimedJob> ClaimAsync(TestStore test, ItemId id) =>
        (await test.ClaimAsync("notify")).Single(j => j.Lease.ItemId == id);

    public static ChannelPolicy Policy(TestStore test, int quarantineAfter = 3) =>
        new(new Backoff(test.BackoffBase, test.BackoffMax), quarantineAfter);

    public static async Task<string> SendingAsync(TestStore test, ClaimedJob job, string channel)
    {
        (await test.Store.TakeChannelAsync(job.Lease, channel, false, Ct)).Result.ShouldBe(
            ChannelTurnResult.Granted
        );
        var batch = $"{job.Lease.Token}:{job.Lease.ItemId}";
        (
            await test.Store.BeginBatchAsync(job.Lease, channel, batch, [job.Lease.ItemId], Ct)
        ).ShouldBe(LeaseWrite.Applied);
        return batch;
    }

    public static async Task<AnnouncementStatus> StatusAsync(
        TestStore test,
        ItemId id,
        string channel
    ) => (await test.Store.AnnouncementsOfAsync(id, Ct)).Single(a => a.Channel == channel).Status;
}
