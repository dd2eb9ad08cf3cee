using System.Text.Json;
using System.Text.Json.Serialization;

namespace Sluice.Domain.Items;

/// <summary>
/// The one JSON shape of snapshots and journal payloads: camelCase, enums by name (stable
/// across reordering), and the event discriminator first.
/// </summary>
public static class ItemJson
{
    public static JsonSerializerOptions Options { get; } = Create();

    public static string Serialize(Item item) => JsonSerializer.Serialize(item, Options);

    public static Item DeserializeItem(string json) =>
        JsonSerializer.Deserialize<Item>(json, Options)
        ?? throw new JsonException("An item snapshot was null.");

    public static string Serialize(ItemEvent e) => JsonSerializer.Serialize(e, Options);

    public static ItemEvent DeserializeEvent(string json) =>
        JsonSerializer.Deserialize<ItemEvent>(json, Options)
        ?? throw new JsonException("A journal payload was null.");

    private static readonly Dictionary<Type, string> Discriminators = typeof(ItemEvent)
        .GetCustomAttributes(typeof(JsonDerivedTypeAttribute), inherit: false)
        .Cast<JsonDerivedTypeAttribute>()
        .ToDictionary(a => a.DerivedType, a => (string)a.TypeDiscriminator!);

    /// <summary>The discriminator stored in the journal's type column.</summary>
    public static string TypeOf(ItemEvent e) =>
        Discriminators.TryGetValue(e.GetType(), out var name)
            ? name
            : throw new InvalidOperationException(
                $"{e.GetType().Name} has no [JsonDerivedType] discriminator."
            );

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
