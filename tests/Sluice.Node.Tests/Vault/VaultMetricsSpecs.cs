using Sluice.Domain.Items;
using Sluice.Node.Configuration;
using Sluice.Node.Metrics;
using Sluice.Testing;

namespace Sluice.Node.Tests.Vault;

/// <summary>What a node counts for /metrics as its vault steps end: completed, retried, failed for good, put off; bytes uploaded.</summary>
public sealed class VaultMetricsSpecs : IDisposable
{
    private static readonly DateTimeOffset Midnight = new(2026, 3, 2, 0, 0, 0, TimeSpan.Zero);

    private readonly TempDirectory _temp = new("sluice-metrics");

    public void Dispose() => _temp.Dispose();

    private VaultDestinationOptions Destination(string remote, params string[] windows) =>
        new()
        {
            Name = "cloud",
            Remote = remote,
            TimeZone = "UTC",
            UploadWindows = [.. windows],
        };

    private static long Runs(VaultRig rig, StepOutcome outcome) =>
        rig.Metrics.Runs.Where(r => r.Step == Step.Vault && r.Outcome == outcome).Sum(r => r.Count);

    [Fact]
    public async Task An_upload_counts_as_completed_with_its_bytes_and_one_duration()
    {
        await using var rig = await VaultRig.CreateAsync(Destination(_temp.Combine("vault")), null);
        var id = await rig.SanitizedAsync("Shows/A/A - S01E01.mkv", new byte[12_345]);

        (await rig.RunVaultAsync(id)).ShouldBeTrue();

        Runs(rig, StepOutcome.Completed).ShouldBe(1);
        rig.Metrics.VaultedBytes.ShouldHaveSingleItem().ShouldBe(("cloud", 12_345L));
        rig.Metrics.Durations.ShouldHaveSingleItem().Durations.Count.ShouldBe(1);
    }

    [Fact]
    public async Task A_copy_already_in_the_vault_is_completed_but_not_counted_as_uploaded_again()
    {
        await using var rig = await VaultRig.CreateAsync(Destination(_temp.Combine("vault")), null);
        var content = new byte[1_000];
        Directory.CreateDirectory(_temp.Combine("vault/Shows/A"));
        await File.WriteAllBytesAsync(
            _temp.Combine("vault/Shows/A/A - S01E01.mkv"),
            content,
            TestContext.Current.CancellationToken
        );
        var id = await rig.SanitizedAsync("Shows/A/A - S01E01.mkv", content);

        (await rig.RunVaultAsync(id)).ShouldBeTrue();

        Runs(rig, StepOutcome.Completed).ShouldBe(1);
        rig.Metrics.VaultedBytes.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_dead_remote_counts_retries_then_one_failure_on_the_last_attempt()
    {
        var time = new ManualTimeProvider(Midnight);
        await using var rig = await VaultRig.CreateAsync(
            Destination(":sftp,host=127.0.0.1,port=1,user=u:vault"),
            null,
            time,
            rcloneFlags: ["--contimeout", "1s", "--low-level-retries", "1", "--retries", "1"]
        );
        var id = await rig.SanitizedAsync("Shows/A/A - S01E01.mkv", new byte[100]);
        var max = (await rig.ItemAsync(id)).Job.ShouldNotBeNull().MaxAttempts;

        for (var attempt = 1; attempt <= max; attempt++)
        {
            time.Advance(TimeSpan.FromDays(1)); // past any backoff
            (await rig.RunVaultAsync(id)).ShouldBeTrue($"attempt {attempt}");
        }

        Runs(rig, StepOutcome.Retry).ShouldBe(max - 1);
        Runs(rig, StepOutcome.Failed).ShouldBe(1);
        (await rig.ItemAsync(id)).Item.State.ShouldBe(ItemState.Failed);
    }

    [Fact]
    public async Task A_job_put_off_by_its_window_counts_as_deferred_not_as_a_retry()
    {
        await using var rig = await VaultRig.CreateAsync(
            Destination(_temp.Combine("vault"), "01:00-02:00"),
            null,
            new ManualTimeProvider(Midnight)
        );
        var id = await rig.SanitizedAsync("Shows/A/A - S01E01.mkv", new byte[100]);

        (await rig.RunVaultAsync(id)).ShouldBeTrue();

        Runs(rig, StepOutcome.Deferred).ShouldBe(1);
        Runs(rig, StepOutcome.Retry).ShouldBe(0);
    }
}
