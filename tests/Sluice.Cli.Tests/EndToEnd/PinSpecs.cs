using System.Text.Json;
using Sluice.Testing;
using Sluice.Testing.Media;
using static Sluice.Cli.Tests.EndToEnd.PipelineSpecs;

namespace Sluice.Cli.Tests.EndToEnd;

/// <summary>`ctl item pin|unpin|touch` against a real node: pins are on the timeline and refused twice.</summary>
public sealed class PinSpecs
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory(Timeout = 300_000)]
    [MemberData(nameof(Dialects.Both), MemberType = typeof(Dialects))]
    public async Task A_user_pins_and_unpins_an_item_from_ctl_and_the_timeline_shows_both(
        DialectKind dialect
    )
    {
        await using var rig = await PipelineRig.CreateAsync(dialect, null, Ct);
        var clip = await TestClips.CreateAsync(
            rig.Scratch,
            "Pinned.Show.S01E01.mkv",
            new ClipOptions(),
            Ct
        );
        await using var node = await rig.StartNodeAsync(Ct);
        rig.Drop(clip);
        var id = (
            await rig.WaitForItemsAsync(
                node,
                i => i.Count == 1 && i[0].GetProperty("state").GetString() == "notified",
                TimeSpan.FromSeconds(120),
                Ct
            )
        )[0]
            .GetProperty("id")
            .GetString()!;

        var (pin, pinOutput) = await CtlAsync(rig, "item", "pin", id[..8]);
        var again = await CtlAsync(rig, "item", "pin", id);
        var pinned = await node.GetAsync($"/api/items/{id}", Ct);
        var (unpin, unpinOutput) = await CtlAsync(rig, "item", "unpin", id);
        var (touch, touchOutput) = await CtlAsync(rig, "item", "touch", id, "--json");

        pin.ShouldBe(ExitCodes.Ok, pinOutput);
        pinOutput.ShouldContain("pin accepted");
        again.Code.ShouldBe(ExitCodes.Refused, again.Output);
        again.Output.ShouldContain("already pinned");
        pinned.GetProperty("pinned").GetBoolean().ShouldBeTrue();
        unpin.ShouldBe(ExitCodes.Ok, unpinOutput);
        touch.ShouldBe(ExitCodes.Ok, touchOutput);
        JsonDocument.Parse(touchOutput).RootElement.GetProperty("id").GetString().ShouldBe(id);
        var detail = await node.GetAsync($"/api/items/{id}", Ct);
        detail.GetProperty("pinned").GetBoolean().ShouldBeFalse();
        var types = detail
            .GetProperty("timeline")
            .EnumerateArray()
            .Select(e => e.GetProperty("type").GetString())
            .ToList();
        types.ShouldContain("pinned");
        types.ShouldContain("unpinned");
        (await CtlAsync(rig, "item", "unpin", id)).Code.ShouldBe(ExitCodes.Refused);
        (await CtlAsync(rig, "item", "pin", "ffffffff")).Code.ShouldBe(ExitCodes.NotFound);
    }
}
