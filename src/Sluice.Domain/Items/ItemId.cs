using System.Diagnostics.CodeAnalysis;

namespace Sluice.Domain.Items;

/// <summary>The identity of one file's journey through the pipeline.</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(ItemIdJsonConverter))]
public readonly record struct ItemId(Guid Value)
{
    public static ItemId New() => new(Guid.CreateVersion7());

    public static ItemId Parse(string text) =>
        TryParse(text, out var id)
            ? id
            : throw new FormatException($"'{text}' is not an item id (32 hex digits).");

    public static bool TryParse([NotNullWhen(true)] string? text, out ItemId id)
    {
        if (Guid.TryParse(text, out var guid))
        {
            id = new ItemId(guid);
            return true;
        }

        id = default;
        return false;
    }

    public override string ToString() => Value.ToString("N");
}
