using System.Text.Json;
using Microsoft.Extensions.Options;
using Sluice.Domain.Engine;
using Sluice.Domain.Items;
using Sluice.Node.Configuration;
using Sluice.Node.Engine;
using Sluice.Node.Notify;
using Sluice.Node.Tests.Metadata;
using Sluice.Store;
using Sluice.Store.Sqlite;
using Sluice.Testing;
using Sluice.Testing.Http;

namespace Sluice.Node.Tests.Notify;

/// <summary>Moving the clock on, and reading what the stage and the stand-ins did.</summary>
public sealed partial class NotifyRig
{
    /// <summary>Moves the clock on in steps while the workers run, until <paramref name="done"/> holds.</summary>
    public async Task UntilAsync(
        Func<Task<bool>> done,
        TimeSpan? step = null,
        TimeSpan? realTimeout = null
    )
    {
        var started = TimeProvider.System.GetTimestamp();
        while (!await done())
        {
            if (
                TimeProvider.System.GetElapsedTime(started)
                > (realTimeout ?? TimeSpan.FromSeconds(60))
            )
            {
                throw new TimeoutException(
                    $"Not done by {Clock.GetUtcNow():u}:\n{await DescribeAsync()}"
                );
            }

            Clock.Advance(step ?? TimeSpan.FromMilliseconds(500));
            await Task.Delay(TimeSpan.FromMilliseconds(15), TimeProvider.System, Ct);
        }
    }

    public async Task<bool> AllNotifiedAsync(params ItemId[] ids)
    {
        foreach (var id in ids)
        {
            if ((await Store.GetItemAsync(id, Ct))!.Item.State != ItemState.Notified)
            {
                return false;
            }
        }

        return true;
    }

    public async Task<ChannelState?> ChannelAsync(string channel) =>
        (await Store.ChannelStatesAsync(Ct)).FirstOrDefault(c => c.Channel == channel);

    /// <summary>The item's notification-sent events: channel and whether it was unconfirmed.</summary>
    public async Task<IReadOnlyList<NotificationSent>> AnnouncedAsync(ItemId id) =>
        [.. (await Store.GetJournalAsync(id, Ct)).Select(e => e.Event).OfType<NotificationSent>()];

    /// <summary>Accepted Discord messages to one webhook id, as the item ids in their footers.</summary>
    public IReadOnlyList<IReadOnlyList<string>> DiscordMessages(string id = "1") =>
        [
            .. Server
                .Accepted.Where(r =>
                    r.Route.StartsWith($"/api/webhooks/{id}/", StringComparison.Ordinal)
                )
                .Select(r => (IReadOnlyList<string>)FooterIds(r.Body)),
        ];

    public static string[] FooterIds(JsonElement body) =>
        body.GetProperty("embeds")[0]
            .GetProperty("footer")
            .GetProperty("text")
            .GetString()!
            .Split(' ')
            .Where(w => Guid.TryParseExact(w, "N", out _) || Guid.TryParse(w, out _))
            .ToArray();

    public IReadOnlyList<string> HookItems(string name = "hook") =>
        [
            .. Server
                .Accepted.Where(r => r.Route == $"/hooks/{name}")
                .Select(r => r.Body.GetProperty("item").GetProperty("id").GetString()!),
        ];

    private async Task<string> DescribeAsync()
    {
        var lines = new List<string>();
        foreach (var view in await Store.ListItemsAsync(new ItemQuery(), Ct))
        {
            lines.Add(
                $"{view.Item.Id} {Names.Of(view.Item.State)} job={view.Job?.State} runAt={view.Job?.RunAt:u} error={view.Job?.LastError}"
            );
        }

        foreach (var channel in await Store.ChannelStatesAsync(Ct))
        {
            lines.Add($"{channel}");
        }

        lines.Add(
            $"answers: {string.Join(", ", Server.Answers.Select(a => $"{a.Route} {a.Status}"))}"
        );
        lines.AddRange(
            Logs.Entries.TakeLast(60)
                .Select(e => $"{e.Level} {e.Category}: {e.Message} {e.Exception}")
        );
        return string.Join('\n', lines);
    }
}
