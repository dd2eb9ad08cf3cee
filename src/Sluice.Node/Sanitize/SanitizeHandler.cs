using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sluice.Domain.Items;
using Sluice.Domain.Naming;
using Sluice.Node.Configuration;
using Sluice.Node.Engine;
using Sluice.Node.Files;
using Sluice.Node.Metadata;
using Sluice.Store;

namespace Sluice.Node.Sanitize;

/// <summary>
/// Parses the release name, renders its library path and moves the file there. Never
/// replaces anything: a name taken by another file (on disk, or by another item whose local
/// copy was evicted to the vault) gets a " (2)" suffix. Idempotent after a crash: if the
/// source is gone, the file is looked for, by fingerprint, where this step would have put it.
/// </summary>
public sealed class SanitizeHandler(
    NodePaths paths,
    EngineStore store,
    NamingTemplates templates,
    IOptions<EngineOptions> engine,
    MetadataService metadata,
    Replacer replacer,
    IOptions<NamingOptions> naming,
    ILogger<SanitizeHandler> log
) : IStepHandler
{
    private const int MaxSuffix = 100;

    public Step Step => Step.Sanitize;

    public async Task<ItemCommand> RunAsync(StepContext context, CancellationToken ct)
    {
        var item = context.Item;
        var parsed = ReleaseParser.Parse(NameWithFolders(item.IncomingPath));
        // Optional: a confident AniList/TMDB match names the file by the canonical title.
        // Offline, or unsure, the parsed fields alone name it.
        var match = parsed.IsConfident ? await metadata.LookupAsync(parsed, ct) : null;
        var info = Enrich(parsed, match);
        // A show a library tool moved keeps its later episodes in its new folder.
        var target = LibraryPath.ParseMoved(
            await store.FollowRedirectAsync(templates.Render(info, item.Name).Value, ct)
        );
        var media = Summary(info, match);
        if (item.Replacing is { } planned)
        {
            // A replacement was under way when the last attempt stopped: finish it.
            return await TakeNameAsync(context, planned, media, ct);
        }

        if (!File.Exists(item.IncomingPath))
        {
            // An earlier attempt moved it: under the name it chose then, with or without metadata.
            return await FindEarlierMoveAsync(item, target, media, ct)
                ?? await FindEarlierMoveAsync(
                    item,
                    templates.Render(parsed, item.Name),
                    Summary(parsed, null),
                    ct
                )
                ?? throw new PermanentStepException(
                    $"The file {item.IncomingPath} disappeared before it was sorted."
                );
        }

        for (var n = 1; n <= MaxSuffix; n++)
        {
            var candidate = n == 1 ? target : target.WithConflictSuffix(n);
            var full = InLibrary(candidate);
            if (
                await store.LibraryPathOwnerAsync(candidate.Value, ct) is { } owner
                && owner != item.Id
            )
            {
                if (
                    naming.Value.OnConflict == ConflictPolicy.ReplaceIfBetter
                    && await replacer.PlanAsync(item.IncomingPath, owner, candidate, ct) is { } plan
                )
                {
                    await context.RecordAsync(new PlanReplacement(plan), ct);
                    return await TakeNameAsync(context, plan, media, ct);
                }

                continue;
            }

            if (File.Exists(full))
            {
                if (!await ContentHash.MatchesAsync(full, item.Size, item.SourceKey, ct))
                {
                    continue;
                }

                // The library already has these bytes under this name, put there outside Sluice
                // (or by a cross-device move that died before deleting its source: the same bytes
                // either way). Nothing to add; the user's file is kept aside, never deleted.
                await context.EnsureLeaseAsync(engine.Value.LeaseDuration, ct);
                var kept = KeepAside.Move(item.IncomingPath, paths.Incoming, paths.Duplicates);
                log.LogWarning(
                    "{Name} is already in the library as {Path}; kept aside at {Kept}",
                    item.Name,
                    candidate.Value,
                    kept
                );
                return new SetAsideAsDuplicate(candidate.Value, kept);
            }

            var folder = Path.GetDirectoryName(full)!;
            Directory.CreateDirectory(folder);
            SafeMove.SweepTemps(folder, context.TempPrefix);
            await context.EnsureLeaseAsync(engine.Value.LeaseDuration, ct);
            try
            {
                SafeMove.Move(item.IncomingPath, full, context.TempName);
            }
            catch (DestinationExistsException)
            {
                continue; // someone took the name between the check and the move
            }

            RemoveEmptyFolders(Path.GetDirectoryName(item.IncomingPath)!);
            return Done(candidate, media, item);
        }

        throw new PermanentStepException(
            $"No free name for {target.Value}: {MaxSuffix} versions already exist."
        );
    }

    /// <summary>Frees the name from the worse file (kept in the vault) and moves this item's file into it.</summary>
    private async Task<ItemCommand> TakeNameAsync(
        StepContext context,
        Replacement plan,
        MediaSummary media,
        CancellationToken ct
    )
    {
        var item = context.Item;
        var path = LibraryPath.ParseMoved(plan.LibraryPath);
        await replacer.ReplaceAsync(plan, item.Id, ct);
        var full = InLibrary(path);
        if (File.Exists(item.IncomingPath))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            await context.EnsureLeaseAsync(engine.Value.LeaseDuration, ct);
            SafeMove.Move(item.IncomingPath, full, context.TempName);
            RemoveEmptyFolders(Path.GetDirectoryName(item.IncomingPath)!);
        }
        else if (!await ContentHash.MatchesAsync(full, item.Size, item.SourceKey, ct))
        {
            throw new PermanentStepException(
                $"The file {item.IncomingPath} disappeared before it replaced {plan.LibraryPath}."
            );
        }

        return Done(path, media, item);
    }

    private CompleteSanitize Done(LibraryPath path, MediaSummary media, Item item)
    {
        log.LogInformation("Sorted {Name} into {Path}", item.Name, path.Value);
        return new CompleteSanitize(path.Value, media);
    }

    private async Task<CompleteSanitize?> FindEarlierMoveAsync(
        Item item,
        LibraryPath target,
        MediaSummary media,
        CancellationToken ct
    )
    {
        for (var n = 1; n <= MaxSuffix; n++)
        {
            var candidate = n == 1 ? target : target.WithConflictSuffix(n);
            var full = InLibrary(candidate);
            if (!File.Exists(full))
            {
                continue;
            }

            if (await ContentHash.MatchesAsync(full, item.Size, item.SourceKey, ct))
            {
                return Done(candidate, media, item);
            }
        }

        return null;
    }

    /// <summary>The library file for a path; refuses anything that would land outside the library.</summary>
    private string InLibrary(LibraryPath path)
    {
        var full = Path.GetFullPath(Path.Combine(paths.Library, path.Value));
        return full.StartsWith(
            paths.Library + Path.DirectorySeparatorChar,
            StringComparison.Ordinal
        )
            ? full
            : throw new PermanentStepException(
                $"Refusing a library path outside the library: {path.Value}"
            );
    }

    /// <summary>The name with its folders below the incoming root, for season packs and show folders.</summary>
    private string NameWithFolders(string incomingPath)
    {
        var relative = Path.GetRelativePath(paths.Incoming, incomingPath);
        return relative.StartsWith("..", StringComparison.Ordinal)
            ? Path.GetFileName(incomingPath)
            : relative.Replace(Path.DirectorySeparatorChar, '/');
    }

    private void RemoveEmptyFolders(string folder)
    {
        for (
            var dir = folder;
            dir.StartsWith(paths.Incoming + Path.DirectorySeparatorChar, StringComparison.Ordinal);
            dir = Path.GetDirectoryName(dir)!
        )
        {
            try
            {
                if (Directory.EnumerateFileSystemEntries(dir).Any())
                {
                    return;
                }

                Directory.Delete(dir);
            }
            catch (IOException)
            {
                return; // something arrived meanwhile
            }
        }
    }

    private static ReleaseInfo Enrich(ReleaseInfo info, MetadataMatch? match) =>
        match is null
            ? info
            : info with
            {
                Title = match.CanonicalTitle,
                Year = info.Kind == MediaKind.Movie ? match.Year ?? info.Year : info.Year,
                EpisodeTitle = match.EpisodeTitle ?? info.EpisodeTitle,
            };

    internal static MediaSummary Summary(ReleaseInfo info, MetadataMatch? match) =>
        new(
            info.IsConfident
                ? info.Kind switch
                {
                    MediaKind.Episode => "episode",
                    MediaKind.Movie => "movie",
                    MediaKind.Unknown => "unknown",
                    _ => throw new ArgumentOutOfRangeException(
                        nameof(info),
                        info.Kind,
                        "Unknown media kind."
                    ),
                }
                : "unknown",
            info.Title,
            info.Season,
            [.. info.Episodes.Count > 0 ? info.Episodes : info.AbsoluteEpisodes],
            info.Year
        )
        {
            EpisodeTitle = info.EpisodeTitle,
            Details = match is null
                ? null
                : new MediaDetails(
                    match.Provider == MetadataProvider.AniList ? "anilist" : "tmdb",
                    match.ProviderId,
                    match.Url
                )
                {
                    CoverUrl = match.Anime?.CoverUrl,
                    Studio = match.Anime?.Studio,
                    Score = match.Anime?.Score,
                    Popularity = match.Anime?.Popularity,
                    NativeTitle = match.Anime?.NativeTitle,
                    MalId = match.Anime?.MalId,
                    Titles = match.Anime is { } anime
                        ?
                        [
                            .. new[] { anime.Title, anime.EnglishTitle }
                                .Concat(anime.Synonyms)
                                .OfType<string>()
                                .Distinct(),
                        ]
                        : [],
                },
        };
}
