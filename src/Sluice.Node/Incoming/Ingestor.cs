using Microsoft.Extensions.Logging;
using Sluice.Domain.Items;
using Sluice.Node.Configuration;
using Sluice.Node.Engine;
using Sluice.Node.Files;
using Sluice.Store;

namespace Sluice.Node.Incoming;

/// <summary>What became of a complete file handed to the <see cref="Ingestor"/>.</summary>
public enum IngestOutcome
{
    /// <summary>A new item, or the same file its item already knows.</summary>
    Taken,

    /// <summary>The file changed while it was fingerprinted: watch it again.</summary>
    Changed,

    /// <summary>The same content already has an item: this copy was moved to the duplicates folder.</summary>
    SetAside,

    /// <summary>The file disappeared before it could be taken.</summary>
    Vanished,
}

/// <summary>
/// Turns a complete file into an item. The content fingerprint is the item's source key, so
/// the same bytes dropped twice (or reported twice) make one item; a second copy is kept aside
/// in the duplicates folder and journaled on the first item, never deleted.
/// </summary>
public sealed class Ingestor(
    EngineStore store,
    NodePaths paths,
    WakeUps wakeUps,
    NodeState node,
    ILogger<Ingestor> log
)
{
    public async Task<IngestOutcome> IngestAsync(string path, CancellationToken ct)
    {
        var before = new FileInfo(path);
        if (!before.Exists)
        {
            return IngestOutcome.Vanished;
        }

        string fingerprint;
        try
        {
            fingerprint = await ContentHash.OfFileAsync(path, ct);
        }
        catch (FileNotFoundException)
        {
            return IngestOutcome.Vanished;
        }

        var after = new FileInfo(path);
        if (!after.Exists)
        {
            return IngestOutcome.Vanished;
        }

        if (after.Length != before.Length || after.LastWriteTimeUtc != before.LastWriteTimeUtc)
        {
            return IngestOutcome.Changed;
        }

        var result = await store.DiscoverAsync(
            new NewItem(after.Name, path, after.Length, fingerprint),
            ct,
            node.Name
        );
        switch (result)
        {
            case DiscoverResult.Created created:
                log.LogInformation(
                    "Took {Path} ({Size:N0} bytes) as item {Item}",
                    path,
                    after.Length,
                    created.Id
                );
                wakeUps.Poke(store.Policy.For(Step.Sanitize).Queue);
                return IngestOutcome.Taken;
            case DiscoverResult.Existing existing
                when existing.IncomingPath == path && existing.LibraryPath is null:
                return IngestOutcome.Taken;
            case DiscoverResult.Existing existing:
                return await SetAsideAsync(path, existing, ct);
            default:
                throw new InvalidOperationException(
                    $"Unknown discover result {result.GetType().Name}."
                );
        }
    }

    private async Task<IngestOutcome> SetAsideAsync(
        string path,
        DiscoverResult.Existing existing,
        CancellationToken ct
    )
    {
        string kept;
        try
        {
            kept = KeepAside.Move(path, paths.Incoming, paths.Duplicates);
        }
        catch (FileNotFoundException)
        {
            return IngestOutcome.Vanished;
        }

        await store.CommandAsync(existing.Id, new RecordDuplicate(path, kept), node.Name, ct);
        log.LogWarning(
            "{Path} has the same content as item {Item}; kept aside at {Kept}",
            path,
            existing.Id,
            kept
        );
        return IngestOutcome.SetAside;
    }
}
