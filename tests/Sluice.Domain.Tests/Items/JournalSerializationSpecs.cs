using Sluice.Domain.Items;

namespace Sluice.Domain.Tests.Items;

public sealed class JournalSerializationSpecs
{
    [Fact]
    public void A_snapshot_round_trips_with_enums_by_name()
    {
        var item = ItemSpecs.Failed();

        var json = ItemJson.Serialize(item);

        json.ShouldContain("\"state\":\"failed\"");
        json.ShouldContain("\"step\":\"tier\"");
        ItemJson.Serialize(ItemJson.DeserializeItem(json)).ShouldBe(json);
    }

    [Fact]
    public void Every_event_type_round_trips_through_json_with_its_discriminator()
    {
        ItemEvent[] events =
        [
            new Discovered("a.mkv", "/in/a.mkv", 1, "sha256:x"),
            new StepStarted(Step.VaultEncoded, 2),
            new Sanitized("Shows/x.mkv", ItemSpecs.Episode),
            new Vaulted(Artifact.Encoded, [ItemSpecs.Copy(Artifact.Encoded)]),
            new Tiered(1, 2, 3),
            new Distributed([ItemSpecs.Copy(Artifact.Encoded, "backup")]),
            new EncodeProduced(new EncodeOutput("hardsub", "Encoded/x.mp4", 1, 2.5)),
            new EncodeSkipped("nothing"),
            new OutputLost("vps"),
            new NotificationSent("discord"),
            new Notified(["discord", "webhook"]),
            new StepFailed(Step.Vault, 1, "boom", ItemSpecs.Now),
            new Quarantined(Step.Vault, 1, "boom"),
            new RetryRequested("op"),
            new Cancelled("op", "why"),
            new Skipped(Step.Notify, [Step.Encode, Step.VaultEncoded], "ctl"),
            new LeaseExpired(Step.Encode, 1, "home"),
            new LocalCopyEvicted(Artifact.Source, "Shows/x.mkv", 5),
            new DuplicateSeen("/in/b.mkv", "/dup/b.mkv"),
            new Pinned("api"),
            new Unpinned("ctl"),
            new Submitted(
                "x.mkv",
                "vault:Shows/x.mkv",
                5,
                "vault:vault:Shows/x.mkv",
                Step.Encode,
                null,
                "Shows/x.mkv",
                ItemSpecs.Episode,
                [ItemSpecs.Copy(Artifact.Source)],
                [],
                "api"
            ),
            new AlreadyInLibrary("Shows/x.mkv", "/dup/x.mkv"),
            new ReplacementPlanned(
                new Replacement(ItemSpecs.Id, "Shows/x.mkv", "Shows/x (superseded).mkv")
            ),
            new Superseded(
                "Shows/x (superseded).mkv",
                ItemSpecs.Id,
                [ItemSpecs.Copy(Artifact.Source)]
            ),
            new Relocated(
                "Premiered/x.mkv",
                "Encoded/Premiered/x.mp4",
                [ItemSpecs.Copy(Artifact.Source)],
                "ctl library",
                7
            ),
            new Removed("Shows/x.mkv", "ctl library", 8),
        ];

        foreach (var e in events)
        {
            var json = ItemJson.Serialize(e);
            json.ShouldStartWith("{\"type\":");
            var back = ItemJson.DeserializeEvent(json);
            ItemJson.Serialize(back).ShouldBe(json);
            json.ShouldStartWith($"{{\"type\":\"{ItemJson.TypeOf(e)}\"");
        }

        var declared = typeof(ItemEvent)
            .Assembly.GetTypes()
            .Count(t => t.IsSubclassOf(typeof(ItemEvent)) && !t.IsAbstract);
        events.Length.ShouldBe(declared, "every event type is covered here");
    }
}
