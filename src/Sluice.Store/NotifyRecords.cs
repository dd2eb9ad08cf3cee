using Sluice.Domain.Engine;
using Sluice.Domain.Items;

namespace Sluice.Store;

/// <summary>Whether a job may send on a channel now, and if not, why and until when.</summary>
public enum ChannelTurnResult
{
    /// <summary>This job is the channel's one sender until it lets go or its lease ends.</summary>
    Granted,

    /// <summary>Another running job is sending on the channel (and may well send this item's message too).</summary>
    Busy,

    /// <summary>The channel failed or was rate limited and waits until <see cref="ChannelTurn.Until"/>.</summary>
    BackingOff,

    /// <summary>The channel kept failing (or its webhook is gone) and waits for an operator's release.</summary>
    Quarantined,

    LeaseLost,
}

/// <param name="Now">The database's clock when the turn was decided: coalescing windows are measured on it.</param>
public sealed record ChannelTurn(
    ChannelTurnResult Result,
    DateTimeOffset Now,
    DateTimeOffset? Until = null,
    string? Reason = null
);

/// <summary>An outbox row waiting on a channel, with its item as it stands.</summary>
/// <param name="QueuedAt">When the item reached the notify step (the database's clock).</param>
/// <param name="AwaitsRefresh">A media-server refresh of this item must go first and has not (its channel is not quarantined).</param>
public sealed record OutboxEntry(Item Item, long Seq, DateTimeOffset QueuedAt, bool AwaitsRefresh);

/// <summary>How far one item's announcement on one channel has come.</summary>
public enum AnnouncementStatus
{
    Waiting,
    Sending,
    Sent,

    /// <summary>Sent by a node that died (or lost its lease, or heard no answer) before it knew: not repeated.</summary>
    Unconfirmed,

    /// <summary>The server refused the message itself; waits for the item to be retried.</summary>
    Rejected,

    /// <summary>Not announced: the item matched none of the channel's filters (the error says why).</summary>
    Filtered,
}

public sealed record Announcement(string Channel, AnnouncementStatus Status, string? Error);

/// <summary>How a channel backs off after failed requests, and when it is quarantined.</summary>
public sealed record ChannelPolicy(Backoff Backoff, int QuarantineAfter);

/// <summary>What became of one send (one message, or one refresh) on a channel.</summary>
public abstract record BatchOutcome
{
    private BatchOutcome() { }

    public sealed record Delivered : BatchOutcome;

    /// <summary>The request went out and no answer came: recorded as unconfirmed, never repeated.</summary>
    public sealed record Unknown(string Error) : BatchOutcome;

    /// <summary>Not sent after all (shutdown during a rate-limit wait): the rows wait again, nothing counted.</summary>
    public sealed record Aborted : BatchOutcome;

    /// <summary>Rate limited for <paramref name="For"/>: the channel waits, no failure counted.</summary>
    public sealed record Deferred(TimeSpan For, string Reason) : BatchOutcome;

    /// <summary>A failed request: one more consecutive failure; <paramref name="Gone"/> quarantines at once.</summary>
    public sealed record Failed(string Error, bool Gone, ChannelPolicy Policy) : BatchOutcome;

    /// <summary>The server refused these messages: their items fail; the channel is fine.</summary>
    public sealed record Rejected(string Error) : BatchOutcome;
}

/// <summary>A channel as the cluster sees it, for the API and `ctl`.</summary>
/// <param name="Waiting">Messages owed to items still at the notify step.</param>
public sealed record ChannelState(
    string Channel,
    int Failures,
    DateTimeOffset? RetryAt,
    DateTimeOffset? QuarantinedAt,
    string? QuarantineReason,
    string? LastError,
    long Waiting,
    DateTimeOffset? OldestWaitingSince
);
