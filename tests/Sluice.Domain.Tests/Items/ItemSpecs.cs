using System.Collections.Immutable;
using Sluice.Domain.Items;

namespace Sluice.Domain.Tests.Items;

/// <summary>Builders for items in each state, walking the real machine so they stay honest.</summary>
internal static class ItemSpecs
{
    public static readonly DateTimeOffset Now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    public static readonly MediaSummary Episode = new("episode", "Frieren", 1, [7], null);

    public static VaultCopy Copy(Artifact artifact, string destination = "vault") =>
        new(artifact, destination, $"{destination}:x.mkv", 10, "md5:00");

    public static Item Run(Item? item, ItemCommand command)
    {
        var events = ItemMachine.Decide(item, command).EventsOrThrow();
        return events.Aggregate(item, (i, e) => ItemMachine.Apply(i, e, Id))!;
    }

    public static readonly ItemId Id = ItemId.Parse("0190f0f0f0f0f0f0f0f0f0f0f0f0f0f0");

    public static Item Incoming() =>
        Run(null, new Discover(Id, "a.mkv", "/in/a.mkv", 10, "sha256:aa"));

    public static Item Sanitized() =>
        Run(
            Incoming(),
            new CompleteSanitize("Shows/Frieren/Season 01/Frieren - S01E07.mkv", Episode)
        );

    public static Item Vaulted() =>
        Run(Sanitized(), new CompleteVault(Artifact.Source, [Copy(Artifact.Source)]));

    public static Item Tiered() => Run(Vaulted(), new CompleteTier(100, 0, 0));

    public static Item Produced() =>
        Run(
            Tiered(),
            new CompleteEncode(new EncodeOutput("hardsub", "Encoded/Shows/x.mp4", 5, 2.0))
        );

    public static Item Encoded() =>
        Run(Produced(), new CompleteVault(Artifact.Encoded, [Copy(Artifact.Encoded)]));

    public static Item Notified() => Run(Encoded(), new CompleteNotify(["discord"]));

    public static Item Failed() =>
        Run(Vaulted(), new FailStep(Step.Tier, 1, 5, "disk gone", Permanent: true, Now));

    public static Item Cancelled() => Run(Sanitized(), new Cancel("operator", null));

    public static IEnumerable<Item> EveryState() =>
        [
            Incoming(),
            Sanitized(),
            Vaulted(),
            Tiered(),
            Produced(),
            Encoded(),
            Notified(),
            Failed(),
            Cancelled(),
        ];

    public static ImmutableArray<string> NoChannels => [];
}
