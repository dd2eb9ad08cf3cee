using System.Globalization;

namespace Sluice.Store;

/// <summary>
/// A place in the cluster's journal feed: events after it have not been seen. Opaque to
/// clients ("TX-POS"); SQLite's are always transaction 0. The SSE stream sends it as the
/// event id, so a client that reconnects with Last-Event-ID misses nothing.
/// </summary>
public readonly record struct JournalCursor(long Tx, long Pos) : IComparable<JournalCursor>
{
    public static JournalCursor Start => default;

    public int CompareTo(JournalCursor other) =>
        Tx != other.Tx ? Tx.CompareTo(other.Tx) : Pos.CompareTo(other.Pos);

    public static bool operator <(JournalCursor left, JournalCursor right) =>
        left.CompareTo(right) < 0;

    public static bool operator >(JournalCursor left, JournalCursor right) =>
        left.CompareTo(right) > 0;

    public static bool operator <=(JournalCursor left, JournalCursor right) =>
        left.CompareTo(right) <= 0;

    public static bool operator >=(JournalCursor left, JournalCursor right) =>
        left.CompareTo(right) >= 0;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Tx}-{Pos}");

    public static bool TryParse(string? text, out JournalCursor cursor)
    {
        cursor = default;
        var dash = text?.IndexOf('-', StringComparison.Ordinal) ?? -1;
        if (
            dash <= 0
            || !long.TryParse(
                text![..dash],
                NumberStyles.None,
                CultureInfo.InvariantCulture,
                out var tx
            )
            || !long.TryParse(
                text[(dash + 1)..],
                NumberStyles.None,
                CultureInfo.InvariantCulture,
                out var pos
            )
        )
        {
            return false;
        }

        cursor = new JournalCursor(tx, pos);
        return true;
    }
}
