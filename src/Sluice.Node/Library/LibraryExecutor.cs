using Microsoft.Extensions.Logging;
using Sluice.Domain.Items;
using Sluice.Node.Configuration;
using Sluice.Node.Files;
using Sluice.Node.Vault;
using Sluice.Store;
using Sluice.Tools.Rclone;

namespace Sluice.Node.Library;

/// <summary>
/// Carries out a stored plan from its recorded progress. Invariants: a step's effects are
/// checked before they are made (a move whose source is gone and whose target is there and
/// verified is done; a delete of a missing file is done), nothing is ever overwritten, and a
/// step is marked done (with its journal entry) only under this node's lease, after it worked.
/// </summary>
public sealed partial class LibraryExecutor(
    EngineStore store,
    NodePaths paths,
    VaultDestinations destinations,
    RcloneClients clients,
    ILogger<LibraryExecutor> log
)
{
    public async Task RunAsync(LibraryOpLease lease, CancellationToken ct)
    {
        var steps = LibraryPlan.ParseSteps(lease.Op.Plan);
        for (var i = lease.Op.StepsDone; i < steps.Length; i++)
        {
            var step = steps[i];
            await RunStepAsync(step, ct);
            var (item, redirect) = Consequence(step, lease.OpId);
            if (
                await store.AdvanceLibraryOpAsync(lease, i, item, redirect, CancellationToken.None)
                == LeaseWrite.LeaseLost
            )
            {
                throw new LibraryLeaseLostException();
            }
        }
    }

    private static ((ItemId, ItemCommand)?, (string, string)?) Consequence(
        LibraryStep step,
        long op
    ) =>
        step switch
        {
            JournalRelocate r => (
                (r.Item, new Relocate(r.LibraryPath, r.OutputPath, r.Copies, "ctl library", op)),
                null
            ),
            JournalRemove r => ((r.Item, new Remove("ctl library", op)), null),
            Redirect r => (null, (r.From, r.To)),
            _ => (null, null),
        };

    private string Local(string relative) => Path.Combine(paths.Library, relative);

    private Task RunStepAsync(LibraryStep step, CancellationToken ct) =>
        step switch
        {
            MoveLocal m => Task.Run(() => MoveLocal(m), ct),
            MoveRemote m => MoveRemoteAsync(m, ct),
            DeleteLocal d => DeleteLocalAsync(d, ct),
            DeleteRemote d => DeleteRemoteAsync(d, ct),
            RemoveDirLocal d => Task.Run(() => RemoveDirLocal(d), ct),
            RemoveDirRemote d => RemoveDirRemoteAsync(d, ct),
            JournalRelocate or JournalRemove or Redirect => Task.CompletedTask,
            _ => throw new ArgumentOutOfRangeException(
                nameof(step),
                step.GetType().Name,
                "Unknown library step."
            ),
        };

    private void MoveLocal(MoveLocal m)
    {
        var (from, to) = (Local(m.From), Local(m.To));
        if (File.Exists(from))
        {
            if (File.Exists(to) || Directory.Exists(to))
            {
                throw new LibraryStepException(
                    $"{m.To} appeared in the library after the plan was made; not overwriting it (the file is still at {m.From})."
                );
            }

            Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            File.Move(from, to, overwrite: false);
            return;
        }

        if (!File.Exists(to) || new FileInfo(to).Length != m.Size)
        {
            throw new LibraryStepException(
                $"{m.From} is missing from the library and {m.To} is not there either."
            );
        }
    }

    private async Task DeleteLocalAsync(DeleteLocal d, CancellationToken ct)
    {
        var path = Local(d.Path);
        if (!File.Exists(path))
        {
            return;
        }

        var matches =
            d.SourceKey is { } key && key.StartsWith(ContentHash.Prefix, StringComparison.Ordinal)
                ? await ContentHash.MatchesAsync(path, d.Size, key, ct)
                : new FileInfo(path).Length == d.Size;
        if (!matches)
        {
            throw new LibraryStepException(
                $"{d.Path} is not the file Sluice put there (different content); not deleting it."
            );
        }

        File.Delete(path);
    }

    private void RemoveDirLocal(RemoveDirLocal d)
    {
        var path = Local(d.Path);
        if (Directory.Exists(path) && !Directory.EnumerateFileSystemEntries(path).Any())
        {
            Directory.Delete(path, recursive: false);
        }
        else if (Directory.Exists(path))
        {
            log.LogInformation("Kept {Folder}: it is not empty", d.Path);
        }
    }
}

/// <summary>The operation's lease was taken by another node: stop without writing anything more.</summary>
public sealed class LibraryLeaseLostException()
    : Exception("The library operation's lease was lost.");
