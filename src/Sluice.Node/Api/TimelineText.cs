using Sluice.Domain.Items;

namespace Sluice.Node.Api;

/// <summary>One line per journal event, for people reading a timeline.</summary>
public static class TimelineText
{
    public static string Describe(ItemEvent e) =>
        e switch
        {
            Discovered d => $"found {d.IncomingPath} ({d.Size:N0} bytes)",
            Submitted s =>
                $"submitted by {s.By} at {Names.Of(s.Entry)}: {s.Source} ({s.Size:N0} bytes"
                    + (s.Node is null ? ", only in the vault)" : ")"),
            StepStarted s => $"{Names.Of(s.Step)} started (attempt {s.Attempt})",
            Sanitized s => $"sorted as {s.Media.Kind} into {s.LibraryPath}",
            Vaulted v =>
                $"{Names.Of(v.Artifact)} vaulted to {string.Join(", ", v.Copies.Select(c => $"{c.Destination} ({c.Verification})"))}",
            Tiered t =>
                $"tiering checked: {t.FreeBytes:N0} bytes free, {t.EvictedFiles} files evicted",
            EncodeProduced p =>
                $"encoded ({p.Output.Profile}) to {p.Output.LibraryPath} ({p.Output.Size:N0} bytes"
                    + (p.Output.EncodeSeconds is { } took ? $", ffmpeg {took:0.#} s)" : ")")
                    + (p.Output.Reason is { } why ? $": {why}" : ""),
            EncodeSkipped s => $"encode skipped: {s.Reason}",
            OutputLost o =>
                $"node {o.Node} went down before vaulting the encoded output; encoding again elsewhere",
            Distributed d =>
                $"copied to {string.Join(", ", d.Copies.Select(c => $"{c.Destination} ({Names.Of(c.Artifact)})"))}",
            NotificationSent { Filtered: { } why } n => $"{n.Channel}: not announced, {why}",
            NotificationSent { Unconfirmed: true } n =>
                $"{n.Channel}: the node stopped while sending; the message may have gone out and is not repeated",
            NotificationSent n => $"announced on {n.Channel}",
            Notified n => n.Channels.Length == 0
                ? "done (announced nowhere: no channels, or all filtered)"
                : $"done; announced on {string.Join(", ", n.Channels)}",
            StepFailed f =>
                $"{Names.Of(f.Step)} attempt {f.Attempt} failed; retry at {f.RetryAt:u}",
            Quarantined q =>
                $"{Names.Of(q.Step)} failed for good after attempt {q.Attempt}: quarantined",
            RetryRequested r => $"retry requested by {r.By}",
            Skipped s =>
                $"skipped {string.Join(", ", s.Steps.Select(Names.Of))} ({s.By}); {Names.Of(s.To)} runs next",
            Cancelled c => $"cancelled by {c.By}{(c.Reason is null ? "" : $": {c.Reason}")}",
            LeaseExpired l =>
                $"{Names.Of(l.Step)} attempt {l.Attempt} lost its lease on node {l.Node}",
            LocalCopyEvicted c =>
                $"local {Names.Of(c.Artifact)} evicted ({c.Bytes:N0} bytes freed); served from the vault",
            Pinned p => $"pinned by {p.By}: tiering keeps its files on the local disk",
            Unpinned u => $"unpinned by {u.By}: its files may be evicted once verifiably vaulted",
            ReplacementPlanned r =>
                $"takes {r.Plan.LibraryPath} from item {r.Plan.Old}, a worse file already vaulted, which moves to {r.Plan.OldMovesTo}",
            Superseded s =>
                $"a better file (item {s.By}) took the name; this one is kept in the vault as {s.LibraryPath}",
            AlreadyInLibrary a =>
                $"the library already holds these exact bytes at {a.LibraryPath}; nothing to do, this copy was kept aside at {a.KeptAt}",
            Relocated r => $"moved by {r.By} (library operation {r.Operation}) to {r.LibraryPath}"
                + (r.OutputPath is null ? "" : $", encoded output to {r.OutputPath}")
                + (r.Copies.IsEmpty ? "" : $"; vault copies moved too"),
            Removed r =>
                $"deleted by {r.By} (library operation {r.Operation}): {r.LibraryPath} is gone from the library and every vault destination",
            DuplicateSeen d => $"same content arrived again at {d.Path}; kept aside at {d.KeptAt}",
            _ => throw new ArgumentOutOfRangeException(
                nameof(e),
                e.GetType().Name,
                "Unknown item event."
            ),
        };
}
