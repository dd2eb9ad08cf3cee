using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sluice.Domain.Items;
using Sluice.Domain.Naming;
using Sluice.Node.Configuration;
using Sluice.Node.Engine;
using Sluice.Node.Files;
using Sluice.Node.Incoming;
using Sluice.Node.Sanitize;
using Sluice.Node.Vault;
using Sluice.Store;
using Sluice.Tools.Rclone;

namespace Sluice.Node.Submissions;

/// <summary>
/// Turns a submitted source into an item at the stage asked for. A local file must lie, after
/// every symlink and "..", inside incoming (entering at sanitize, which moves it into the library
/// as the watcher's files are) or the library (entering later; it stays where it is). A vault
/// file must lie inside a configured destination and exist there; its size and hash are read
/// through rclone and recorded as the verified copy an encode fetches. Nothing is moved or
/// deleted here. The source key makes a repeated or concurrent submission one item: a local
/// file's content fingerprint (the one the watcher uses, so a submitted incoming file and its
/// later discovery agree), a vault file's destination and normalized path.
/// </summary>
public sealed class Submitter(
    EngineStore store,
    NodePaths paths,
    NodeState node,
    IOptions<IncomingOptions> incoming,
    VaultDestinations destinations,
    RcloneClient rclone,
    WakeUps wakeUps,
    Metadata.MetadataService metadata,
    ILogger<Submitter> log
)
{
    /// <summary>The source key prefix of a file submitted from a vault destination.</summary>
    public const string VaultKeyPrefix = "vault:";

    public async Task<SubmitOutcome> SubmitAsync(
        string? source,
        string? stage,
        string by,
        CancellationToken ct
    )
    {
        if (string.IsNullOrWhiteSpace(source))
        {
            return SubmitOutcome.BadRequest(
                "Say what to submit: \"source\" is a local path or destination:path."
            );
        }

        if (source.Contains('\0', StringComparison.Ordinal))
        {
            return SubmitOutcome.BadRequest("A path cannot contain NUL.");
        }

        Step? entry = null;
        if (!string.IsNullOrWhiteSpace(stage))
        {
            if (!ItemMachine.EntryStages.Any(s => Names.Of(s) == stage.Trim()))
            {
                return SubmitOutcome.BadRequest(
                    $"Unknown stage '{Printable(stage)}'; a file enters at one of: {string.Join(", ", ItemMachine.EntryStages.Select(Names.Of))}."
                );
            }

            entry = Names.ParseStep(stage.Trim());
        }

        var built =
            source.StartsWith('/') ? await LocalAsync(source, entry, by, ct)
            : source.Contains(':', StringComparison.Ordinal)
                ? await RemoteAsync(source, entry, by, ct)
            : (
                null,
                SubmitOutcome.BadRequest(
                    $"'{Printable(source)}' is neither an absolute local path nor destination:path."
                )
            );
        if (built.Refused is { } refused)
        {
            return refused;
        }

        var submit = built.Submit!;
        if (ItemMachine.Decide(null, submit).Rejection is { } rejection)
        {
            return SubmitOutcome.Unprocessable(rejection);
        }

        switch (await store.SubmitAsync(submit, ct))
        {
            case SubmitResult.Created created:
                log.LogInformation(
                    "Submitted {Source} at {Stage} as item {Item}",
                    submit.Source,
                    Names.Of(submit.Entry),
                    created.Id
                );
                wakeUps.Poke(store.Policy.For(submit.Entry).Queue);
                return new SubmitOutcome.Accepted(created.Id, submit.Entry, null);
            case SubmitResult.Existing existing:
                return new SubmitOutcome.Accepted(existing.Id, submit.Entry, existing.Why);
            default:
                throw new InvalidOperationException("Unknown submit result.");
        }
    }

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

    private async Task<(Submit? Submit, SubmitOutcome.Refused? Refused)> RemoteAsync(
        string source,
        Step? entry,
        string by,
        CancellationToken ct
    )
    {
        var colon = source.IndexOf(':', StringComparison.Ordinal);
        var name = source[..colon];
        if (destinations.Named(name) is not { } destination)
        {
            return (
                null,
                SubmitOutcome.NotFound(
                    $"No vault destination '{Printable(name)}'; configured: {string.Join(", ", destinations.All.Select(d => d.Name))}."
                )
            );
        }

        var step = entry ?? Step.Encode;
        if (step is Step.Sanitize or Step.Vault)
        {
            return (
                null,
                SubmitOutcome.Unprocessable(
                    $"{Names.Of(step)} needs the file on a node's disk; a file only in the vault enters at encode, distribute or notify."
                )
            );
        }

        if (Normalize(source[(colon + 1)..]) is not { } relative)
        {
            return (
                null,
                SubmitOutcome.Unprocessable(
                    $"{Printable(source)} climbs out of destination {name}'s root."
                )
            );
        }

        if (!LibraryPath.TryParse(relative, out var libraryPath))
        {
            return (null, NotALibraryPath(relative, $"destination {name}"));
        }

        string[] replicas = [];
        if (step == Step.Distribute)
        {
            if (destination.Replica)
            {
                return (
                    null,
                    SubmitOutcome.Unprocessable(
                        $"{name} is a replica; distribute copies from a primary destination to the replicas."
                    )
                );
            }

            replicas = [.. destinations.Replicas.Select(r => r.Name)];
        }

        var remote = destination.Root.Combine(libraryPath.Value);
        RemoteEntry? found;
        HashType? hash;
        try
        {
            hash = await destinations.VerificationHashAsync(destination, ct);
            found = await rclone.StatAsync(remote, hash is null ? [] : [hash], ct);
        }
        catch (RcloneException ex)
        {
            return (
                null,
                new SubmitOutcome.Refused(
                    Microsoft.AspNetCore.Http.StatusCodes.Status503ServiceUnavailable,
                    $"Cannot check {name}: {ex.Message}"
                )
            );
        }

        if (found is null || found.IsDir)
        {
            return (
                null,
                SubmitOutcome.NotFound(
                    found is null
                        ? $"No file at {name}:{libraryPath.Value}."
                        : $"{name}:{libraryPath.Value} is a folder; submit each file on its own."
                )
            );
        }

        var verification =
            hash is not null && found.Hashes.TryGetValue(hash, out var value)
                ? $"{hash}:{value}"
                : "size";
        return (
            new Submit(
                ItemId.New(),
                libraryPath.Segments[^1],
                $"{name}:{libraryPath.Value}",
                found.Size,
                $"{VaultKeyPrefix}{name}:{libraryPath.Value}",
                step,
                null,
                libraryPath.Value,
                await MediaOfAsync(libraryPath.Value, ct),
                [new VaultCopy(Artifact.Source, name, remote.Redacted, found.Size, verification)],
                [.. replicas],
                by
            ),
            null
        );
    }

    /// <summary>The roles of the steps from <paramref name="entry"/> on that must run where a local file is (see <see cref="Placement.RequiredNode"/>).</summary>
    private static string[] HolderRoles(Step entry) =>
        entry switch
        {
            Step.Sanitize => [Roles.Sanitize, Roles.Vault, Roles.Tier],
            Step.Vault => [Roles.Vault, Roles.Tier],
            Step.Encode => [Roles.Encode],
            _ => [],
        };

    /// <summary>"a//./b/../c" as "a/c"; null when ".." climbs above the root.</summary>
    internal static string? Normalize(string path)
    {
        var segments = new List<string>();
        foreach (var segment in path.Split('/'))
        {
            if (segment is "" or ".")
            {
                continue;
            }

            if (segment == "..")
            {
                if (segments.Count == 0)
                {
                    return null;
                }

                segments.RemoveAt(segments.Count - 1);
                continue;
            }

            segments.Add(segment);
        }

        return string.Join('/', segments);
    }

    /// <summary>
    /// What sanitize would have recorded for the name: the parsed fields, and what AniList or
    /// TMDB say of a confident parse (cover, studio, score for the announcement), within the
    /// same timeout and cache. The file keeps its name: it is not sorted again.
    /// </summary>
    private async Task<MediaSummary> MediaOfAsync(string libraryPath, CancellationToken ct)
    {
        var parsed = ReleaseParser.Parse(libraryPath);
        var match = parsed.IsConfident ? await metadata.LookupAsync(parsed, ct) : null;
        return SanitizeHandler.Summary(parsed, match);
    }

    private static bool Below(string lexical, params string[] roots) =>
        roots.Any(r => RealPath.Below(r, lexical) is not null);

    private static SubmitOutcome.Refused Outside(string source, string roots) =>
        SubmitOutcome.Unprocessable(
            $"{Printable(source)} is outside the folders Sluice takes files from: {roots}. Move it into incoming, or submit it from a vault destination as destination:path."
        );

    private static SubmitOutcome.Refused NotALibraryPath(string relative, string where) =>
        SubmitOutcome.Unprocessable(
            $"{Printable(relative)} in the {where} is not a path Sluice keeps: it must start with {LibraryPath.Shows}/, {LibraryPath.Movies}/ or {LibraryPath.Unsorted}/, with no hidden, empty or unsafe segment."
        );

    // The source is untrusted: keep control characters out of answers and logs.
    private static string Printable(string text) =>
        string.Concat(text.Select(c => char.IsControl(c) ? '?' : c));
}
