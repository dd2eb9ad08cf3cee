using System.Text.Json;
using System.Text.Json.Serialization;

namespace Sluice.Domain.Items;

/// <summary>Writes an <see cref="ItemId"/> as its 32-hex-digit string.</summary>
public sealed class ItemIdJsonConverter : JsonConverter<ItemId>
{
    public override ItemId Read(
        ref Utf8JsonReader reader,
        Type typeToConvert,
        JsonSerializerOptions options
    ) => ItemId.Parse(reader.GetString() ?? throw new JsonException("An item id was null."));

    public override void Write(
        Utf8JsonWriter writer,
        ItemId value,
        JsonSerializerOptions options
    ) => writer.WriteStringValue(value.ToString());
}
