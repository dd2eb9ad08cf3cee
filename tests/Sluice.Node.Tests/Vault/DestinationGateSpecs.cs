using Sluice.Domain.Items;
using Sluice.Node.Configuration;
using Sluice.Testing;
using Sluice.Testing.Http;
using Sluice.Tools.Rclone;

namespace Sluice.Node.Tests.Vault;

/// <summary>Upload windows, daily caps and quota pauses: a job that may not upload now waits, without spending an attempt, and says why.</summary>
public sealed class DestinationGateSpecs : IDisposable
{
    private static readonly DateTimeOffset Midnight = new(2026, 3, 2, 0, 0, 0, TimeSpan.Zero);

    private readonly TempDirectory _temp = new("sluice-gate");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _temp.Dispose();

    private VaultDestinationOptions Destination(Action<VaultDestinationOptions> configure)
    {
        var options = new VaultDestinationOptions
        {
            Name = "cloud",
            Remote = _temp.Combine("vault"),
            TimeZone = "UTC",
        };
        configure(options);
        return options;
    }

    private static byte[] Bytes(int size, byte fill) => [.. Enumerable.Repeat(fill, size)];

    [Fact]
    public async Task Outside_its_upload_window_the_job_waits_for_the_window_without_spending_an_attempt()
    {
        var time = new ManualTimeProvider(Midnight);
        await using var rig = await VaultRig.CreateAsync(
            Destination(d => d.UploadWindows = ["01:00-02:00"]),
            null,
            time
        );
        var id = await rig.SanitizedAsync("Shows/A/A - S01E01.mkv", Bytes(100, 1));

        (await rig.RunVaultAsync(id)).ShouldBeTrue();

        var waiting = await rig.ItemAsync(id);
        waiting.Item.State.ShouldBe(ItemState.Sanitized);
        var job = waiting.Job.ShouldNotBeNull();
        job.State.ShouldBe("retryable");
        job.Attempt.ShouldBe(0);
        job.RunAt.ShouldBe(Midnight.AddHours(1));
        job.LastError.ShouldNotBeNull().ShouldContain("outside its upload windows");
        (await rig.RunVaultAsync(id)).ShouldBeFalse("not due before the window opens");

        time.Advance(TimeSpan.FromHours(1));
        (await rig.RunVaultAsync(id)).ShouldBeTrue();

        (await rig.ItemAsync(id)).Item.Copies.ShouldHaveSingleItem().Destination.ShouldBe("cloud");
    }

    [Fact]
    public async Task A_daily_cap_holds_the_next_file_until_the_next_day()
    {
        var time = new ManualTimeProvider(Midnight.AddHours(10));
        await using var rig = await VaultRig.CreateAsync(
            Destination(d => d.DailyCap = "150"),
            null,
            time
        );
        var first = await rig.SanitizedAsync("Shows/A/A - S01E01.mkv", Bytes(100, 1));
        var second = await rig.SanitizedAsync("Shows/A/A - S01E02.mkv", Bytes(100, 2));

        (await rig.RunVaultAsync(first)).ShouldBeTrue();
        (await rig.RunVaultAsync(second)).ShouldBeTrue();

        (await rig.ItemAsync(first)).Item.Copies.ShouldHaveSingleItem();
        var held = await rig.ItemAsync(second);
        held.Item.Copies.ShouldBeEmpty();
        held.Job.ShouldNotBeNull().RunAt.ShouldBe(Midnight.AddDays(1));
        held.Job.Attempt.ShouldBe(0);
        held.Job.LastError.ShouldNotBeNull().ShouldContain("daily cap");
        (await rig.Node.Store.DestinationStatesAsync(Ct))
            .ShouldHaveSingleItem()
            .UsageBytes.ShouldBe(100);

        time.Advance(TimeSpan.FromHours(14));
        (await rig.RunVaultAsync(second)).ShouldBeTrue();

        (await rig.ItemAsync(second)).Item.Copies.ShouldHaveSingleItem();
        var state = (await rig.Node.Store.DestinationStatesAsync(Ct)).ShouldHaveSingleItem();
        state.UsageDay.ShouldBe("2026-03-03");
        state.UsageBytes.ShouldBe(100);
    }

    [Fact]
    public async Task A_quota_error_pauses_the_destination_until_its_reset_and_later_uploads_wait_without_trying()
    {
        var calls = _temp.Combine("copy-calls");
        var rclone = FakeExecutable.Create(
            _temp.Path,
            "rclone-quota",
            $$"""
            if [ "$1" = "copyto" ]; then
              echo called >> '{{calls}}'
              echo '{"level":"error","msg":"Failed to copy: googleapi: Error 403: User rate limit exceeded., userRateLimitExceeded"}' >&2
              exit 7
            fi
            exec rclone "$@"
            """
        );
        var time = new ManualTimeProvider(Midnight.AddHours(20));
        await using var rig = await VaultRig.CreateAsync(
            Destination(d => d.QuotaResetsAt = "08:00"),
            null,
            time,
            rclone
        );
        var first = await rig.SanitizedAsync("Shows/A/A - S01E01.mkv", Bytes(100, 1));
        var second = await rig.SanitizedAsync("Shows/A/A - S01E02.mkv", Bytes(100, 2));

        (await rig.RunVaultAsync(first)).ShouldBeTrue();
        (await rig.RunVaultAsync(second)).ShouldBeTrue();

        var resumes = Midnight.AddDays(1).AddHours(8);
        var pause = (await rig.Node.Store.DestinationStatesAsync(Ct)).ShouldHaveSingleItem();
        pause.PausedUntil.ShouldBe(resumes);
        pause.PauseReason.ShouldNotBeNull().ShouldContain("userRateLimitExceeded");
        foreach (var id in new[] { first, second })
        {
            var view = await rig.ItemAsync(id);
            view.Item.State.ShouldBe(ItemState.Sanitized);
            view.Job.ShouldNotBeNull().Attempt.ShouldBe(0);
            view.Job.RunAt.ShouldBe(resumes);
            view.Job.LastError.ShouldNotBeNull().ShouldContain("paused until");
        }

        (await File.ReadAllLinesAsync(calls, Ct)).Length.ShouldBe(
            1,
            "the second upload never tried"
        );

        (await rig.Node.Store.ResumeDestinationAsync("cloud", Ct)).ShouldBeTrue();
        (await rig.Node.Store.DestinationStatesAsync(Ct))
            .ShouldHaveSingleItem()
            .PausedUntil.ShouldBeNull();
    }

    // A file under 1 MiB is one synchronous rc call (the error comes with HTTP 500); a larger
    // one an async job whose error comes from job/status.
    [Theory]
    [InlineData(10_000)]
    [InlineData(2_000_000)]
    public async Task Over_the_daemon_a_507_from_the_remote_pauses_the_destination_and_writes_nothing_at_the_final_name(
        int size
    )
    {
        await using var remote = await WebdavQuotaStandIn.StartAsync(
            WebdavRefusal.InsufficientStorage
        );
        var time = new ManualTimeProvider(Midnight.AddHours(20));
        await using var rig = await VaultRig.CreateAsync(
            Destination(d =>
            {
                d.Remote = "vault:Media";
                d.QuotaResetsAt = "08:00";
            }),
            remote.ConfigPath,
            time,
            rcloneTransport: RcloneTransport.Daemon
        );
        var first = await rig.SanitizedAsync("Shows/A/A - S01E01.mkv", Bytes(size, 1));
        var second = await rig.SanitizedAsync("Shows/A/A - S01E02.mkv", Bytes(size, 2));

        (await rig.RunVaultAsync(first)).ShouldBeTrue();
        (await rig.RunVaultAsync(second)).ShouldBeTrue();

        var resumes = Midnight.AddDays(1).AddHours(8);
        var pause = (await rig.Node.Store.DestinationStatesAsync(Ct)).ShouldHaveSingleItem();
        pause.PausedUntil.ShouldBe(resumes);
        pause.PauseReason.ShouldNotBeNull().ShouldContain("507 Insufficient Storage");
        foreach (var id in new[] { first, second })
        {
            var view = await rig.ItemAsync(id);
            view.Item.State.ShouldBe(ItemState.Sanitized);
            view.Item.Copies.ShouldBeEmpty();
            view.Job.ShouldNotBeNull().State.ShouldBe("retryable");
            view.Job.Attempt.ShouldBe(0, "a deferred step spends no attempt");
            view.Job.RunAt.ShouldBe(resumes);
            view.Job.LastError.ShouldNotBeNull().ShouldContain("paused until");
        }

        rig.Rclone.Daemon.ShouldNotBeNull()
            .Starts.ShouldBe(1, "the uploads went through one rclone rcd");
        remote
            .Puts.ShouldHaveSingleItem("the second upload never tried")
            .ShouldStartWith("/Media/Shows/A/.sluice-tmp-");
        remote.Requests.ShouldNotContain(r => r.StartsWith("MOVE "), "nothing moved into place");
    }
}
