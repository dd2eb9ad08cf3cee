using System.Text.Json;
using System.Text.Json.Nodes;

namespace Sluice.Tools.Rclone;

public sealed partial class RcloneClient
{
    private sealed partial class DaemonTransport
    {
        // The first poll comes quickly, later ones back off, but never further apart than
        // LastPoll: a finished job is noticed within that (a poll every second would add half a
        // second to every large upload), while progress is fetched once per stats interval.
        private static readonly TimeSpan FirstPoll = TimeSpan.FromMilliseconds(5);
        private static readonly TimeSpan LastPoll = TimeSpan.FromMilliseconds(200);

        /// <summary>
        /// Runs one transfer as an async job in its own stats group: polls <c>job/status</c> until
        /// it ends and <c>core/stats</c> for progress; on cancellation stops the group's jobs and
        /// waits (bounded by the grace period) until rclone has let go of the destination. The
        /// stats group is deleted afterwards: a long-lived daemon would otherwise keep them all.
        /// </summary>
        /// <remarks>
        /// A stopped copy leaves at most a partial object under the name it was given (local and
        /// sftp remove it themselves); callers copy to a temp name and sweep leftovers by prefix.
        /// </remarks>
        private async Task TransferAsync(
            string method,
            JsonObject input,
            string operation,
            IReadOnlyCollection<string> secrets,
            IProgress<TransferProgress>? progress,
            CancellationToken cancellationToken
        )
        {
            cancellationToken.ThrowIfCancellationRequested();
            var group = $"sluice-{Guid.NewGuid():N}";
            input["_async"] = true;
            input["_group"] = group;
            long? jobId = null;
            try
            {
                // Not cancellable half-way: a job started without us learning its id could not be waited for.
                var started = await daemon.CallAsync(
                    method,
                    input,
                    operation,
                    secrets,
                    CancellationToken.None
                );
                jobId = started.GetProperty("jobid").GetInt64();
                await WaitAsync(
                    jobId.Value,
                    group,
                    operation,
                    secrets,
                    progress,
                    cancellationToken
                );
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                await StopAsync(jobId, group, operation, secrets);
                throw new OperationCanceledException(
                    $"rclone {operation} was stopped because its job was cancelled.",
                    cancellationToken
                );
            }
            finally
            {
                await ForgetAsync(group);
            }
        }

        private async Task WaitAsync(
            long jobId,
            string group,
            string operation,
            IReadOnlyCollection<string> secrets,
            IProgress<TransferProgress>? progress,
            CancellationToken cancellationToken
        )
        {
            var delay = FirstPoll;
            var started = daemon.Time.GetTimestamp();
            var nextStats = options.StatsInterval / 4; // the first report soon, then one per interval
            while (true)
            {
                var status = await Status(jobId, operation, secrets, cancellationToken);
                if (status.GetProperty("finished").GetBoolean())
                {
                    if (!status.GetProperty("success").GetBoolean())
                    {
                        var error = RcloneDaemon.Redact(
                            status.GetProperty("error").GetString() ?? "no error text",
                            secrets
                        );
                        throw new RcloneException(
                            RcloneErrors.ClassifyRc(null, error),
                            operation,
                            null,
                            error
                        );
                    }

                    if (progress is not null)
                    {
                        var stats = await Stats(group, operation, secrets, cancellationToken);
                        progress.Report(Final(stats));
                    }

                    return;
                }

                if (progress is not null && daemon.Time.GetElapsedTime(started) >= nextStats)
                {
                    nextStats = daemon.Time.GetElapsedTime(started) + options.StatsInterval;
                    var stats = await Stats(group, operation, secrets, cancellationToken);
                    if (Current(stats) is { } report)
                    {
                        progress.Report(report);
                    }
                }

                await Task.Delay(delay, daemon.Time, cancellationToken);
                delay = TimeSpan.FromTicks(
                    Math.Min(delay.Ticks * 2, Math.Min(LastPoll.Ticks, options.StatsInterval.Ticks))
                );
            }
        }

        private async Task StopAsync(
            long? jobId,
            string group,
            string operation,
            IReadOnlyCollection<string> secrets
        )
        {
            using var grace = new CancellationTokenSource(options.GracePeriod, daemon.Time);
            try
            {
                await daemon.CallAsync(
                    "job/stopgroup",
                    new JsonObject { ["group"] = group },
                    operation,
                    secrets,
                    grace.Token
                );
                while (
                    jobId is { } id
                    && !(await Status(id, operation, secrets, grace.Token))
                        .GetProperty("finished")
                        .GetBoolean()
                )
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(20), daemon.Time, grace.Token);
                }
            }
            catch (Exception e) when (e is RcloneException or OperationCanceledException)
            {
                // The daemon died or did not let go in time: nothing more to do than the caller's sweep.
            }
        }

        private async Task ForgetAsync(string group)
        {
            try
            {
                await daemon.CallAsync(
                    "core/stats-delete",
                    new JsonObject { ["group"] = group },
                    "stats-delete",
                    [],
                    CancellationToken.None
                );
            }
            catch (Exception e) when (e is RcloneException or ObjectDisposedException)
            {
                // A restarted daemon has no such group anyway.
            }
        }

        private Task<JsonElement> Status(
            long jobId,
            string operation,
            IReadOnlyCollection<string> secrets,
            CancellationToken cancellationToken
        ) =>
            daemon.CallAsync(
                "job/status",
                new JsonObject { ["jobid"] = jobId },
                operation,
                secrets,
                cancellationToken
            );

        private Task<JsonElement> Stats(
            string group,
            string operation,
            IReadOnlyCollection<string> secrets,
            CancellationToken cancellationToken
        ) =>
            daemon.CallAsync(
                "core/stats",
                new JsonObject { ["group"] = group },
                operation,
                secrets,
                cancellationToken
            );

        // The file's own entry: its speed is the recent one, the group's an average since start.
        private static TransferProgress? Current(JsonElement stats)
        {
            if (
                !stats.TryGetProperty("transferring", out var transferring)
                || transferring.ValueKind != JsonValueKind.Array
                || transferring.GetArrayLength() == 0
            )
            {
                return null;
            }

            var file = transferring[0];
            var size = file.TryGetProperty("size", out var s) ? s.GetInt64() : 0;
            return new TransferProgress(
                file.GetProperty("bytes").GetInt64(),
                size > 0 ? size : null,
                file.TryGetProperty("speed", out var speed) ? speed.GetDouble() : 0,
                file.TryGetProperty("eta", out var eta) && eta.ValueKind == JsonValueKind.Number
                    ? TimeSpan.FromSeconds(eta.GetDouble())
                    : null
            );
        }

        private static TransferProgress Final(JsonElement stats)
        {
            var bytes = stats.GetProperty("bytes").GetInt64();
            var total = stats.TryGetProperty("totalBytes", out var t) ? t.GetInt64() : 0;
            return new TransferProgress(
                bytes,
                total > 0 ? total : bytes,
                stats.TryGetProperty("speed", out var speed) ? speed.GetDouble() : 0,
                TimeSpan.Zero
            );
        }
    }
}
