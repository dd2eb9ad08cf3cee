using Sluice.Domain.Items;
using Sluice.Domain.Naming;
using Sluice.Node.Files;
using Sluice.Node.Incoming;

namespace Sluice.Node.Submissions;

/// <summary>A local file: resolved with every symlink and "..", inside incoming or the library, fingerprinted.</summary>
public sealed partial class Submitter
{
    private async Task<(Submit? Submit, SubmitOutcome.Refused? Refused)> LocalAsync(
        string source,
        Step? entry,
        string by,
        CancellationToken ct
    )
    {
        var incomingRoot = RealPath.Of(paths.Incoming) ?? paths.Incoming;
        var libraryRoot = RealPath.Of(paths.Library) ?? paths.Library;
        var roots = $"incoming ({paths.Incoming}) or the library ({paths.Library})";
        if (RealPath.Of(source) is not { } real)
        {
            var lexical = Path.GetFullPath(source);
            return Below(lexical, paths.Incoming, incomingRoot, paths.Library, libraryRoot)
                ? (null, SubmitOutcome.NotFound($"No file at {Printable(source)}."))
                : (null, Outside(source, roots));
        }

        string? relative;
        bool inIncoming;
        if ((relative = RealPath.Below(incomingRoot, real)) is not null)
        {
            inIncoming = true;
        }
        else if ((relative = RealPath.Below(libraryRoot, real)) is not null)
        {
            inIncoming = false;
        }
        else
        {
            return (null, Outside(source, roots));
        }

        if (!File.Exists(real))
        {
            return (
                null,
                SubmitOutcome.Unprocessable(
                    $"{Printable(source)} is not a file; submit each file on its own."
                )
            );
        }

        var step = entry ?? (inIncoming ? Step.Sanitize : Step.Vault);
        if (HolderRoles(step).Where(r => !node.Has(r)).ToList() is [_, ..] missing)
        {
            return (
                null,
                SubmitOutcome.Unprocessable(
                    $"The steps that read a local file run on the node whose disk holds it, and node {node.Name} lacks the role {string.Join(", ", missing)} (it has {string.Join(", ", node.Roles)}); submit it to the node that runs them."
                )
            );
        }

        string? libraryPath = null;
        string path;
        if (inIncoming)
        {
            path = Path.Combine(paths.Incoming, relative);
            if (step != Step.Sanitize)
            {
                return (
                    null,
                    SubmitOutcome.Unprocessable(
                        $"A file in incoming has not been sorted yet: it enters at sanitize, not {Names.Of(step)}."
                    )
                );
            }

            if (!new IncomingFilter(paths.Incoming, incoming.Value.Extensions).Accepts(path))
            {
                return (
                    null,
                    SubmitOutcome.Unprocessable(
                        $"Sluice does not take {Printable(relative)} from incoming: hidden and partial names (.part, .tmp, …) are skipped, and only media extensions ({string.Join(", ", incoming.Value.Extensions)}) are taken."
                    )
                );
            }
        }
        else
        {
            path = Path.Combine(paths.Library, relative);
            if (!LibraryPath.TryParse(relative, out var parsed))
            {
                return (null, NotALibraryPath(relative, "library"));
            }

            libraryPath = parsed.Value;
        }

        var before = new FileInfo(path);
        var fingerprint = await ContentHash.OfFileAsync(path, ct);
        var after = new FileInfo(path);
        if (after.Length != before.Length || after.LastWriteTimeUtc != before.LastWriteTimeUtc)
        {
            return (
                null,
                new SubmitOutcome.Refused(
                    Microsoft.AspNetCore.Http.StatusCodes.Status409Conflict,
                    $"{Printable(source)} changed while it was read; submit it once it is complete."
                )
            );
        }

        return (
            new Submit(
                ItemId.New(),
                after.Name,
                path,
                after.Length,
                fingerprint,
                step,
                node.Name,
                libraryPath,
                libraryPath is null ? null : await MediaOfAsync(libraryPath, ct),
                [],
                [],
                by
            ),
            null
        );
    }
}
