using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sluice.Testing.Media;

namespace Sluice.Cli.Tests.EndToEnd;

/// <summary>Helpers for specs with several node processes sharing one database.</summary>
public static class ClusterRig
{
    /// <summary>Sets the node's roles in its config.</summary>
    public static Action<JsonObject> Roles(string roles, Action<JsonObject>? more = null) =>
        config =>
        {
            config["Node"]!["Roles"] = new JsonArray([
                .. roles.Split(',').Select(r => (JsonNode)r),
            ]);
            config["Engine"]!["NodeDeadAfter"] = "00:00:06";
            more?.Invoke(config);
        };

    /// <summary>Every item's detail (summary, timeline) through one node's API.</summary>
    public static async Task<List<JsonElement>> DetailsAsync(
        NodeProcess node,
        IReadOnlyList<JsonElement> items,
        CancellationToken ct
    )
    {
        var details = new List<JsonElement>();
        foreach (var item in items)
        {
            details.Add(
                await node.GetAsync($"/api/items/{item.GetProperty("id").GetString()}", ct)
            );
        }

        return details;
    }

    /// <summary>The nodes that started a step of the item, from its timeline.</summary>
    public static IEnumerable<string> NodesThatStarted(JsonElement detail, string step) =>
        detail
            .GetProperty("timeline")
            .EnumerateArray()
            .Where(e =>
                e.GetProperty("type").GetString() == "step-started"
                && e.GetProperty("data").GetProperty("step").GetString() == step
            )
            .Select(e => e.GetProperty("node").GetString()!);

    /// <summary>The node whose lease completed the step: the last start before the step's result.</summary>
    public static string? NodeThatFinished(JsonElement detail, string step) =>
        NodesThatStarted(detail, step).LastOrDefault();

    /// <summary>Running jobs of a node, from `ctl cluster show`'s API.</summary>
    public static async Task<int> RunningOnAsync(NodeProcess api, string node, CancellationToken ct)
    {
        var cluster = await api.GetAsync("/api/cluster", ct);
        return cluster
            .GetProperty("nodes")
            .EnumerateArray()
            .Where(n => n.GetProperty("name").GetString() == node)
            .Select(n => n.GetProperty("runningJobs").GetInt32())
            .FirstOrDefault();
    }

    /// <summary>Distinct files from a few real clips: anime with subtitles (hardsub), TV (remux), a movie (mp4, skipped).</summary>
    public static async Task<List<string>> PrepareAsync(
        string scratch,
        int count,
        TimeSpan duration,
        CancellationToken ct
    )
    {
        var bases = Directory.CreateDirectory(Path.Combine(scratch, "bases")).FullName;
        var options = new ClipOptions
        {
            Duration = duration,
            Width = 320,
            Height = 180,
        };
        var anime = await TestClips.CreateAsync(
            bases,
            "anime.mkv",
            options with
            {
                Subtitles = true,
                AttachFont = true,
            },
            ct
        );
        var tv = await TestClips.CreateAsync(bases, "tv.mkv", options, ct);
        var words = new[]
        {
            "Alpha",
            "Bravo",
            "Charlie",
            "Delta",
            "Echo",
            "Foxtrot",
            "Golf",
            "Hotel",
            "India",
            "Juliet",
        };
        var files = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var word = words[i % words.Length];
            var (source, name) =
                i % 2 == 0
                    ? (anime, $"[Fansub] {word} Saga - {i + 1:00} [720p].mkv")
                    : (tv, $"{word}.Road.S01E{i + 1:00}.720p.WEB.x264-GRP.mkv");
            var target = Path.Combine(scratch, name);
            await VariantAsync(source, target, i, ct);
            files.Add(target);
        }

        return files;
    }

    /// <summary>The same streams with a different tag: different bytes, so a different item.</summary>
    public static async Task VariantAsync(string source, string target, int n, CancellationToken ct)
    {
        var start = new ProcessStartInfo("ffmpeg")
        {
            UseShellExecute = false,
            RedirectStandardError = true,
        };
        foreach (
            var arg in new[]
            {
                "-hide_banner",
                "-loglevel",
                "error",
                "-i",
                source,
                "-map",
                "0",
                "-c",
                "copy",
                "-metadata",
                $"comment=variant {n}",
                target,
            }
        )
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var error = await process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        process.ExitCode.ShouldBe(0, error);
    }

    /// <summary>Every library path and encoded output the items say they vaulted.</summary>
    public static List<string> ExpectedVaultPaths(IEnumerable<JsonElement> details)
    {
        var expected = new List<string>();
        foreach (var detail in details)
        {
            expected.Add(detail.GetProperty("summary").GetProperty("libraryPath").GetString()!);
            if (
                detail.TryGetProperty("output", out var output)
                && output.ValueKind == JsonValueKind.Object
            )
            {
                expected.Add(output.GetProperty("libraryPath").GetString()!);
            }
        }

        return [.. expected.Order(StringComparer.Ordinal)];
    }
}
