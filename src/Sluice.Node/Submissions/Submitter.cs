using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sluice.Domain.Items;
using Sluice.Domain.Naming;
using Sluice.Node.Configuration;
using Sluice.Node.Engine;
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
public sealed partial class Submitter(
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

    /// <summary>The roles of the steps from <paramref name="entry"/> on that must run where a local file is (see <see cref="Placement.RequiredNode"/>).</summary>
    private static string[] HolderRoles(Step entry) =>
        entry switch
        {
            Step.Sanitize => [Roles.Sanitize, Roles.Vault, Roles.Tier],
            Step.Vault => [Roles.Vault, Roles.Tier],
            Step.Encode => [Roles.Encode],
            _ => [],
        };

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
