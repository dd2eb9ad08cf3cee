using Microsoft.Extensions.Logging;
using Sluice.Node.Engine;
using Sluice.Store;
using Sluice.Tools.Rclone;

namespace Sluice.Node.Vault;

/// <summary>
/// Decides whether an upload to a destination may start now: not while the cluster has it
/// paused (a quota error, a ban), not outside its upload windows, not past its daily cap.
/// Each "not now" is a <see cref="DeferStepException"/>: the job waits for the right moment
/// without spending an attempt, and its reason is shown on the item.
/// </summary>
public sealed class DestinationGate(
    EngineStore store,
    TimeProvider time,
    ILogger<DestinationGate> log
)
{
    /// <summary>
    /// Bytes counted against a destination's cap before an upload, given back if it does not
    /// happen; and, under upload windows, the moment the window closes on it.
    /// </summary>
    public sealed class Reservation(
        EngineStore store,
        string destination,
        string? day,
        long bytes,
        DateTimeOffset? windowCloses = null
    )
    {
        private bool _settled = day is null;

        /// <summary>When the window this upload started in closes; null when nothing shuts it off.</summary>
        public DateTimeOffset? WindowCloses => windowCloses;

        /// <summary>The upload did not happen: the bytes no longer count.</summary>
        public async Task ReleaseAsync()
        {
            if (!_settled)
            {
                _settled = true;
                await store.ReleaseUploadAsync(destination, day!, bytes, CancellationToken.None);
            }
        }
    }

    public async Task<Reservation> EnterAsync(
        VaultDestination destination,
        long bytes,
        CancellationToken ct
    )
    {
        var now = time.GetUtcNow();
        var state = (await store.DestinationStatesAsync(ct)).FirstOrDefault(s =>
            s.Destination == destination.Name
        );
        if (state?.PausedUntil is { } until && until > now)
        {
            throw new DeferStepException(
                until,
                $"destination {destination.Name} is paused until {until:u}: {state.PauseReason}"
            );
        }

        var schedule = destination.Schedule;
        if (schedule is null)
        {
            return new Reservation(store, destination.Name, null, 0);
        }

        if (!schedule.IsOpen(now, out var opens))
        {
            throw new DeferStepException(
                opens,
                $"destination {destination.Name} is outside its upload windows until {opens:u}"
            );
        }

        var closes = schedule.ClosesAt(now);
        if (schedule.DailyCap is not { } cap)
        {
            return new Reservation(store, destination.Name, null, 0, closes);
        }

        var day = schedule.DayOf(now);
        if (!await store.TryReserveUploadAsync(destination.Name, day, bytes, cap, ct))
        {
            var next = schedule.NextDay(now);
            throw new DeferStepException(
                next,
                $"destination {destination.Name} reached its daily cap of {Bytes(cap)} for {day}; uploads resume at {next:u}"
            );
        }

        return new Reservation(store, destination.Name, day, bytes, closes);
    }

    /// <summary>
    /// Stops an upload when its window closes: a token cancelled at
    /// <see cref="Reservation.WindowCloses"/>, or never.
    /// </summary>
    public CancellationTokenSource WindowEnd(Reservation reservation) =>
        reservation.WindowCloses is { } closes
            ? new CancellationTokenSource(
                TimeSpan.FromTicks(Math.Max(0, (closes - time.GetUtcNow()).Ticks)),
                time
            )
            : new CancellationTokenSource();

    /// <summary>The upload was stopped because its window closed: it waits for the next one. Always throws.</summary>
    public async Task WindowClosedAsync(
        VaultDestination destination,
        Reservation reservation,
        string relativePath
    )
    {
        await reservation.ReleaseAsync();
        var now = time.GetUtcNow();
        var opens =
            destination.Schedule is { } schedule && !schedule.IsOpen(now, out var next)
                ? next
                : now;
        log.LogInformation(
            "Stopped uploading {Path} to {Destination}: its upload window closed; it goes on at {Opens:u}",
            relativePath,
            destination.Name,
            opens
        );
        throw new DeferStepException(
            opens,
            $"destination {destination.Name}'s upload window closed at {reservation.WindowCloses:u} during the upload; it starts again at {opens:u}"
        );
    }

    /// <summary>
    /// The remote said "quota" or "limit": pause the destination for the whole cluster until
    /// the limit resets, and put this job off until then. Always throws.
    /// </summary>
    public async Task PauseForQuotaAsync(VaultDestination destination, RcloneException error)
    {
        var now = time.GetUtcNow();
        var until = destination.Schedule?.QuotaResumes(now) ?? now + TimeSpan.FromHours(1);
        var reason = $"quota or upload limit reached ({error.Message})";
        await store.PauseDestinationAsync(destination.Name, until, reason, CancellationToken.None);
        log.LogWarning(
            "Vault destination {Destination} paused until {Until:u}: {Reason}",
            destination.Name,
            until,
            reason
        );
        throw new DeferStepException(
            until,
            $"destination {destination.Name} is paused until {until:u}: {reason}"
        );
    }

    private static string Bytes(long bytes) =>
        bytes >= 1L << 30 ? $"{bytes / (double)(1L << 30):0.##} GiB"
        : bytes >= 1L << 20 ? $"{bytes / (double)(1L << 20):0.##} MiB"
        : $"{bytes:N0} bytes";
}
