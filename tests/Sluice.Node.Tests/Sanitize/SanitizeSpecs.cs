using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Sluice.Domain.Items;
using Sluice.Domain.Naming;
using Sluice.Node.Configuration;
using Sluice.Node.Engine;
using Sluice.Node.Metadata;
using Sluice.Node.Sanitize;
using Sluice.Node.Tests.Metadata;
using Sluice.Node.Tests.Support;
using Sluice.Store;
using Sluice.Testing;
using Sluice.Testing.Http;

namespace Sluice.Node.Tests.Sanitize;

/// <summary>The sanitize step on real files: where they land, and what it never does to a user's file.</summary>
public sealed class SanitizeSpecs
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static SanitizeHandler Handler(
        NodeHarness node,
        MetadataService? metadata = null,
        ConflictPolicy policy = ConflictPolicy.KeepBoth
    ) =>
        new(
            node.Paths,
            node.Store,
            NamingTemplates.Default,
            Options.Create(new EngineOptions()),
            metadata ?? Offline.Service,
            Replacer(node),
            Options.Create(new NamingOptions { OnConflict = policy }),
            NullLogger<SanitizeHandler>.Instance
        );

    private static Replacer Replacer(NodeHarness node)
    {
        var runner = new Sluice.Tools.Processes.ProcessRunner(
            TimeProvider.System,
            new Sluice.Tools.Processes.ProcessRunnerOptions { OwnerTag = "sanitize-specs" }
        );
        var rclone = new Sluice.Tools.Rclone.RcloneClient(
            runner,
            new Sluice.Tools.Rclone.RcloneOptions()
        );
        var destinations = new Sluice.Node.Vault.VaultDestinations(
            Options.Create(new VaultOptions()),
            node.Paths,
            rclone
        );
        return new Replacer(
            node.Paths,
            node.Store,
            node.Node,
            destinations,
            rclone,
            new Sluice.Node.Vault.RcloneVaultVerifier(rclone, destinations, node.Paths),
            new Sluice.Tools.Ffmpeg.FfprobeClient(runner),
            TimeProvider.System,
            NullLogger<Replacer>.Instance
        );
    }

    /// <summary>Metadata switched off: the parsed fields alone name the files.</summary>
    private static readonly MetadataHarness Offline = MetadataHarness
        .StartAsync(o =>
        {
            o.AniList.Enabled = false;
            o.Tmdb.Enabled = false;
        })
        .GetAwaiter()
        .GetResult();

    /// <summary>Takes the file in as the watcher would, runs sanitize, and records the outcome.</summary>
    private static async Task<Item> SanitizeAsync(
        NodeHarness node,
        string path,
        MetadataService? metadata = null,
        ConflictPolicy policy = ConflictPolicy.KeepBoth
    )
    {
        (await node.Ingestor().IngestAsync(path, Ct)).ShouldBe(
            Sluice.Node.Incoming.IngestOutcome.Taken
        );
        var job = (
            await node.Store.ClaimAsync(
                new ClaimRequest("test", "sanitize", 1, TimeSpan.FromMinutes(1)),
                Ct
            )
        ).Single();
        var outcome = await Handler(node, metadata, policy)
            .RunAsync(new StepContext(job, node.Store), Ct);
        (await node.Store.CompleteAsync(job.Lease, outcome, Ct)).Result.ShouldBe(
            LeaseWrite.Applied
        );
        return (await node.Store.GetItemAsync(job.Lease.ItemId, Ct))!.Item;
    }

    /// <summary>Names a Linux file system accepts (no '/', no NUL, valid UTF-16, at most 255 bytes).</summary>
    public static TheoryData<string> HostileFileNames()
    {
        var names = HostileNames.All.Where(IsFileName).Distinct().ToList();
        return [.. names];
    }

    private static bool IsFileName(string name) =>
        name.Length > 0
        && name is not "." and not ".."
        && !name.Contains('/', StringComparison.Ordinal)
        && !name.Contains('\0', StringComparison.Ordinal)
        && name.EnumerateRunes().All(r => r != Rune.ReplacementChar)
        && !HasLoneSurrogate(name)
        && Encoding.UTF8.GetByteCount(name) <= 255;

    private static bool HasLoneSurrogate(string s)
    {
        for (var i = 0; i < s.Length; i++)
        {
            if (char.IsHighSurrogate(s[i]) && (i + 1 >= s.Length || !char.IsLowSurrogate(s[i + 1])))
            {
                return true;
            }

            if (char.IsLowSurrogate(s[i]) && (i == 0 || !char.IsHighSurrogate(s[i - 1])))
            {
                return true;
            }

            if (char.IsHighSurrogate(s[i]))
            {
                i++;
            }
        }

        return false;
    }

    [Fact]
    public void The_hostile_corpus_has_at_least_fifty_real_file_names() =>
        HostileFileNames().Count.ShouldBeGreaterThanOrEqualTo(50);

    [Theory]
    [MemberData(nameof(HostileFileNames))]
    public async Task A_hostile_file_name_lands_at_a_safe_path_inside_the_library_and_nothing_else_moves(
        string name
    )
    {
        await using var node = await NodeHarness.CreateAsync();
        var path = Path.Combine(node.Paths.Incoming, name);
        await File.WriteAllTextAsync(path, "bytes of " + name, Ct);

        var item = await SanitizeAsync(node, path);

        item.State.ShouldBe(ItemState.Sanitized);
        LibraryPath.TryParse(item.LibraryPath, out var library).ShouldBeTrue(item.LibraryPath);
        library.Category.ShouldBeOneOf(LibraryPath.Shows, LibraryPath.Movies, LibraryPath.Unsorted);
        var full = Path.GetFullPath(Path.Combine(node.Paths.Library, item.LibraryPath!));
        full.ShouldStartWith(node.Paths.Library + Path.DirectorySeparatorChar);
        (await File.ReadAllTextAsync(full, Ct)).ShouldBe("bytes of " + name);
        File.Exists(path).ShouldBeFalse();
        Directory
            .EnumerateFileSystemEntries(node.Root)
            .ShouldBe([node.Paths.Data], "nothing is created beside the data folder");
    }

    [Fact]
    public async Task A_later_episode_of_a_show_a_library_tool_moved_follows_it_to_its_new_folder()
    {
        await using var node = await NodeHarness.CreateAsync();
        await node.Store.StartLibraryOpAsync(
            new LibraryOpDraft("move", "Shows/The Show", "move", "[]", 1, Roles.Sanitize, "test"),
            Ct
        );
        var lease = (
            await node.Store.ClaimLibraryOpAsync(
                "test",
                [Roles.Sanitize],
                TimeSpan.FromMinutes(1),
                Ct
            )
        )!;
        await node.Store.AdvanceLibraryOpAsync(
            lease,
            0,
            null,
            ("Shows/The Show", "Premiered/The Show (ザ・ショー)"),
            Ct
        );
        var path = Path.Combine(node.Paths.Incoming, "The.Show.S01E03.720p.WEB.x264-GRP.mkv");
        await File.WriteAllTextAsync(path, "episode 3", Ct);

        var item = await SanitizeAsync(node, path);

        const string Expected = "Premiered/The Show (ザ・ショー)/Season 01/The Show - S01E03.mkv";
        item.LibraryPath.ShouldBe(Expected);
        (await File.ReadAllTextAsync(Path.Combine(node.Paths.Library, Expected), Ct)).ShouldBe(
            "episode 3"
        );
        Directory.Exists(Path.Combine(node.Paths.Library, "Shows/The Show")).ShouldBeFalse();
    }

    [Fact]
    public async Task The_same_bytes_already_in_the_library_end_the_item_and_the_new_copy_is_kept_aside()
    {
        await using var node = await NodeHarness.CreateAsync();
        var existing = Path.Combine(
            node.Paths.Library,
            "Shows/The Show/Season 01/The Show - S01E01.mkv"
        );
        Directory.CreateDirectory(Path.GetDirectoryName(existing)!);
        await File.WriteAllTextAsync(existing, "same bytes", Ct);
        var path = Path.Combine(node.Paths.Incoming, "The.Show.S01E01.720p.WEB.x264-GRP.mkv");
        await File.WriteAllTextAsync(path, "same bytes", Ct);

        var item = await SanitizeAsync(node, path);

        item.State.ShouldBe(ItemState.Cancelled);
        (await File.ReadAllTextAsync(existing, Ct)).ShouldBe("same bytes");
        var kept = Path.Combine(node.Paths.Duplicates, "The.Show.S01E01.720p.WEB.x264-GRP.mkv");
        (await File.ReadAllTextAsync(kept, Ct)).ShouldBe("same bytes");
        (await node.Store.GetJournalAsync(item.Id, Ct))[^1]
            .Event.ShouldBe(
                new AlreadyInLibrary("Shows/The Show/Season 01/The Show - S01E01.mkv", kept)
            );
    }

    [Fact]
    public async Task A_different_file_under_the_same_name_is_never_replaced_and_the_new_one_gets_a_suffix()
    {
        await using var node = await NodeHarness.CreateAsync();
        var existing = Path.Combine(
            node.Paths.Library,
            "Shows/The Show/Season 01/The Show - S01E01.mkv"
        );
        Directory.CreateDirectory(Path.GetDirectoryName(existing)!);
        await File.WriteAllTextAsync(existing, "the user's own file", Ct);
        var path = Path.Combine(node.Paths.Incoming, "The.Show.S01E01.1080p.WEB.x264-GRP.mkv");
        await File.WriteAllTextAsync(path, "a new release", Ct);

        var item = await SanitizeAsync(node, path);

        item.LibraryPath.ShouldBe("Shows/The Show/Season 01/The Show - S01E01 (2).mkv");
        (await File.ReadAllTextAsync(existing, Ct)).ShouldBe("the user's own file");
    }

    [Fact]
    public async Task After_a_crash_between_the_move_and_its_record_the_step_finds_the_file_where_it_put_it()
    {
        await using var node = await NodeHarness.CreateAsync();
        var path = Path.Combine(node.Paths.Incoming, "The.Show.S01E02.720p.WEB.x264-GRP.mkv");
        await File.WriteAllTextAsync(path, "episode two", Ct);
        (await node.Ingestor().IngestAsync(path, Ct)).ShouldBe(
            Sluice.Node.Incoming.IngestOutcome.Taken
        );
        var moved = Path.Combine(
            node.Paths.Library,
            "Shows/The Show/Season 01/The Show - S01E02.mkv"
        );
        Directory.CreateDirectory(Path.GetDirectoryName(moved)!);
        File.Move(path, moved);

        var job = (
            await node.Store.ClaimAsync(
                new ClaimRequest("test", "sanitize", 1, TimeSpan.FromMinutes(1)),
                Ct
            )
        ).Single();
        var outcome = await Handler(node).RunAsync(new StepContext(job, node.Store), Ct);

        outcome
            .ShouldBeOfType<CompleteSanitize>()
            .LibraryPath.ShouldBe("Shows/The Show/Season 01/The Show - S01E02.mkv");
    }

    [Fact]
    public async Task A_confident_AniList_match_names_the_show_by_its_canonical_title_and_keeps_its_facts()
    {
        await using var node = await NodeHarness.CreateAsync();
        await using var metadata = await MetadataHarness.StartAsync();
        metadata.AniList.Add(
            new AniListEntry(154587, "Sousou no Frieren")
            {
                MalId = 52991,
                English = "Frieren: Beyond Journey's End",
                Synonyms = ["Frieren at the Funeral"],
                SeasonYear = 2023,
                Studio = "Madhouse",
                AverageScore = 91,
            }
        );
        var path = Path.Combine(
            node.Paths.Incoming,
            "[SubsPlease] Sousou no Frieren - 07 (1080p) [ABCD1234].mkv"
        );
        await File.WriteAllTextAsync(path, "episode seven", Ct);

        var item = await SanitizeAsync(node, path, metadata.Service);

        item.LibraryPath.ShouldNotBeNull().ShouldStartWith("Shows/Frieren - Beyond Journey's End/");
        var details = item.Media!.Details.ShouldNotBeNull();
        details.Provider.ShouldBe("anilist");
        details.Studio.ShouldBe("Madhouse");
        details.Score.ShouldBe(91);
        details.CoverUrl.ShouldNotBeNull();
        // For announcement filters and subscriptions: the ids and every name the show goes by.
        details.MalId.ShouldBe(52991);
        details.Titles.ShouldBe([
            "Sousou no Frieren",
            "Frieren: Beyond Journey's End",
            "Frieren at the Funeral",
        ]);
    }

    [Fact]
    public async Task With_the_provider_down_the_parsed_title_names_the_file_and_the_step_does_not_fail()
    {
        await using var node = await NodeHarness.CreateAsync();
        await using var metadata = await MetadataHarness.StartAsync();
        metadata.AniList.Fault = StandInFault.ServerError;
        var path = Path.Combine(
            node.Paths.Incoming,
            "[SubsPlease] Sousou no Frieren - 08 (1080p).mkv"
        );
        await File.WriteAllTextAsync(path, "episode eight", Ct);

        var item = await SanitizeAsync(node, path, metadata.Service);

        item.LibraryPath.ShouldNotBeNull().ShouldStartWith("Shows/Sousou no Frieren/");
        item.Media!.Details.ShouldBeNull();
    }

    /// <summary>For the replacement specs: sanitize one file under a conflict policy.</summary>
    public static Task<Item> SanitizeWithPolicyAsync(
        NodeHarness node,
        string path,
        ConflictPolicy policy
    ) => SanitizeAsync(node, path, null, policy);

    public static SanitizeHandler HandlerFor(NodeHarness node, ConflictPolicy policy) =>
        Handler(node, null, policy);
}
