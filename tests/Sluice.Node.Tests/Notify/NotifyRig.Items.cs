using System.Text.Json;
using Microsoft.Extensions.Options;
using Sluice.Domain.Engine;
using Sluice.Domain.Items;
using Sluice.Node.Configuration;
using Sluice.Node.Engine;
using Sluice.Node.Notify;
using Sluice.Node.Tests.Metadata;
using Sluice.Store;
using Sluice.Store.Sqlite;
using Sluice.Testing;
using Sluice.Testing.Http;

namespace Sluice.Node.Tests.Notify;

/// <summary>Items walked to the notify step through the store, as the earlier stages would.</summary>
public sealed partial class NotifyRig
{
    public static MediaSummary Episode(string show, int season, int episode) =>
        new("episode", show, season, [episode], null);

    /// <summary>Walks a new item through the earlier steps, as they would, until it waits at notify.</summary>
    public async Task<ItemId> ReachNotifyAsync(
        MediaSummary media,
        EncodeOutput? output = null,
        long size = 350L << 20
    )
    {
        var id = await ArriveAsync(media, size);
        await EncodeAsync(id, output);
        return id;
    }

    /// <summary>A new item, sorted, vaulted and tiered: it waits at the encode step.</summary>
    public async Task<ItemId> ArriveAsync(MediaSummary media, long size = 350L << 20)
    {
        var name =
            $"{media.Title} {media.Season}x{string.Join("-", media.Episodes)} {Guid.NewGuid():N}.mkv";
        var id = (
            (DiscoverResult.Created)
                await Store.DiscoverAsync(
                    new NewItem(name, $"/in/{name}", size, $"sha256:{name}"),
                    Ct
                )
        ).Id;
        var folder =
            media.Kind == "episode"
                ? $"Shows/{media.Title}/Season {media.Season:00}"
                : $"Movies/{media.Title}";
        var path = $"{folder}/{Path.GetFileNameWithoutExtension(name)}.mkv";
        await CompleteAsync(id, new CompleteSanitize(path, media));
        await CompleteAsync(id, new CompleteVault(Artifact.Source, [Copy(Artifact.Source, path)]));
        await CompleteAsync(id, new CompleteTier(1, 0, 0));
        return id;
    }

    /// <summary>Encodes (or skips) an arrived item: it reaches the notify step.</summary>
    public async Task EncodeAsync(ItemId id, EncodeOutput? output = null)
    {
        if (output is null)
        {
            await CompleteAsync(id, new SkipEncode("plays everywhere"));
        }
        else
        {
            await CompleteAsync(id, new CompleteEncode(output));
            await CompleteAsync(
                id,
                new CompleteVault(Artifact.Encoded, [Copy(Artifact.Encoded, output.LibraryPath)])
            );
        }
    }

    private static VaultCopy Copy(Artifact artifact, string path) =>
        new(artifact, "vault", $"vault:{path}", 10, "md5:0");

    private async Task CompleteAsync(ItemId id, ItemCommand outcome)
    {
        var item = (await Store.GetItemAsync(id, Ct))!.Item;
        var step = Pipeline.NextStep(item)!.Value;
        var claimed = await Store.ClaimAsync(
            new ClaimRequest("earlier", EnginePolicy.QueueOf(step), 50, Lease),
            Ct
        );
        foreach (var other in claimed.Where(j => j.Lease.ItemId != id))
        {
            await Store.ReleaseAsync(other.Lease, Ct);
        }

        var job = claimed.Single(j => j.Lease.ItemId == id);
        (await Store.CompleteAsync(job.Lease, outcome, Ct)).Result.ShouldBe(LeaseWrite.Applied);
        if (Pipeline.NextStep((await Store.GetItemAsync(id, Ct))!.Item) == Step.Notify)
        {
            WakeUps.Poke("notify");
        }
    }
}
