using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sluice.Domain.Items;
using Sluice.Node.Configuration;
using Sluice.Store;

namespace Sluice.Node.Notify.Audience;

/// <summary>
/// How a channel's waiting rows fare against its filters: <paramref name="Ready"/> may go (in
/// order, the rows before the first held one), <paramref name="Filtered"/> are settled as not
/// announced, and <paramref name="Held"/> says why the rest wait (a list never fetched).
/// </summary>
public sealed record Screening(
    IReadOnlyList<OutboxEntry> Ready,
    IReadOnlyList<(ItemId Item, string Reason)> Filtered,
    string? Held
);

/// <summary>
/// Who hears of an item: a channel's filters (configuration's and ctl's, read from the database
/// on every turn, so changes need no restart) decide whether it is announced there at all, and
/// the subscriptions decide who is mentioned in its Discord message.
/// </summary>
public sealed partial class AnnouncementAudience(
    EngineStore store,
    WatchLists lists,
    IOptions<NotifyOptions> options,
    ILogger<AnnouncementAudience> log
)
{
    /// <summary>The channel's filter sources: configuration's first, then ctl's.</summary>
    public async Task<IReadOnlyList<FilterSource>> SourcesOfAsync(
        string channel,
        CancellationToken ct
    )
    {
        var configured = options
            .Value.Filters.Where(f => f.Channel == channel)
            .SelectMany(f => f.Only)
            .Select(s => FilterSource.Parse(s, out _))
            .OfType<FilterSource>();
        var stored = (await store.FiltersAsync(ct))
            .Where(f => f.Channel == channel)
            .Select(f => FilterSource.Parse(f.Source, out _))
            .OfType<FilterSource>();
        return [.. configured.Concat(stored).Distinct()];
    }

    /// <summary>
    /// Why the channel holds its announcements, as its dispatcher would say, or null: a list
    /// filter that was never fetched while Notify:Lists:WhenUnavailable is Hold. Read from what
    /// the cluster stored, without fetching anything, for views of the channel.
    /// </summary>
    public async Task<string?> HoldingAsync(string channel, CancellationToken ct)
    {
        if (options.Value.Lists.WhenUnavailable != ListUnavailable.Hold)
        {
            return null;
        }

        var missing = new List<(FilterSource, string?)>();
        foreach (var source in (await SourcesOfAsync(channel, ct)).Where(s => s.IsList))
        {
            var (stored, _) = await store.WatchListAsync(source.Text, ct);
            if (stored?.Entries is null)
            {
                missing.Add((source, stored?.Error));
            }
        }

        return missing.Count == 0 ? null : Holding(missing);
    }

    private static string Holding(IEnumerable<(FilterSource Source, string? Error)> missing) =>
        $"holding announcements until {string.Join(", ", missing.Select(m => $"{m.Source} ({m.Error ?? "not fetched yet"})"))} can be fetched (Notify:Lists:WhenUnavailable is Hold)";

    public async Task<Screening> ScreenAsync(
        string channel,
        IReadOnlyList<OutboxEntry> waiting,
        CancellationToken ct
    )
    {
        var sources = await SourcesOfAsync(channel, ct);
        if (sources.Count == 0 || waiting.Count == 0)
        {
            return new Screening(waiting, [], null);
        }

        var read = new Dictionary<FilterSource, WatchListRead>();
        foreach (var source in sources.Where(s => s.IsList))
        {
            read[source] = await lists.GetAsync(source, ct);
        }

        var missing = read.Where(r => r.Value.List is null).ToList();
        var hold = missing.Count > 0 && options.Value.Lists.WhenUnavailable == ListUnavailable.Hold;
        var ready = new List<OutboxEntry>();
        var filtered = new List<(ItemId, string)>();
        string? held = null;
        foreach (var entry in waiting)
        {
            var show = ShowTitles.Of(entry.Item);
            var matched = sources.Any(s =>
                s.IsList ? read[s].List?.Contains(show) == true : s.MatchesTitles(show)
            );
            if (matched || (missing.Count > 0 && !hold))
            {
                if (held is null)
                {
                    ready.Add(entry);
                }

                continue;
            }

            if (missing.Count > 0)
            {
                held ??= Holding(missing.Select(m => (m.Key, m.Value.Error)));
                continue;
            }

            filtered.Add(
                (
                    entry.Item.Id,
                    $"filtered: not on any list or term of the channel ({string.Join(", ", sources)})"
                )
            );
        }

        if (missing.Count > 0 && !hold)
        {
            log.LogWarning(
                "{Channel}: announcing unfiltered, {Lists} never fetched (Notify:Lists:WhenUnavailable is Announce)",
                channel,
                string.Join(", ", missing.Select(m => m.Key))
            );
        }

        return new Screening(ready, filtered, held);
    }
}
