using System.Text;
using Sluice.Tools.Processes;

namespace Sluice.Tools.Rclone;

public sealed partial class RcloneClient
{
    /// <summary>
    /// One rclone process per call, each cancellable (SIGINT, then the runner's kill). Nothing
    /// outlives a call, and every call pays a process start and a new connection to the remote.
    /// </summary>
    private sealed class ProcessTransport(ProcessRunner runner, RcloneOptions options) : ITransport
    {
        // rclone 1.60 reports a missing path to lsjson as exit 3 ("directory not found").
        private static readonly int[] MissingExitCodes = [3, 4];

        // Replaced whole by SetBandwidthLimitAsync; a call reads it once when it builds its arguments.
        private RcloneOptions _options = options;

        private RcloneOptions Options => Volatile.Read(ref _options);

        public async Task CopyToAsync(
            string localFile,
            RemotePath destination,
            IProgress<TransferProgress>? progress,
            PostCopyCheck check,
            CancellationToken cancellationToken
        ) =>
            await RunAsync(
                $"copyto to {destination.Redacted}",
                RcloneArguments.CopyTo(Options, localFile, destination, check),
                Secrets(destination),
                OnStats(progress),
                cancellationToken
            );

        public async Task CopyBetweenAsync(
            RemotePath source,
            RemotePath destination,
            IProgress<TransferProgress>? progress,
            PostCopyCheck check,
            CancellationToken cancellationToken
        ) =>
            await RunAsync(
                "copyto",
                RcloneArguments.CopyBetween(Options, source, destination, check),
                Secrets(source, destination),
                OnStats(progress),
                cancellationToken
            );

        public async Task MoveToAsync(
            RemotePath source,
            RemotePath destination,
            CancellationToken cancellationToken
        ) =>
            await RunAsync(
                $"moveto {source.Redacted} to {destination.Redacted}",
                RcloneArguments.MoveTo(Options, source, destination),
                Secrets(source, destination),
                null,
                cancellationToken
            );

        public async Task<RemoteEntry?> StatAsync(
            RemotePath path,
            IReadOnlyCollection<HashType> hashTypes,
            CancellationToken cancellationToken
        )
        {
            var (result, stdout) = await RunAsync(
                $"lsjson --stat {path.Redacted}",
                RcloneArguments.Stat(Options, path, hashTypes),
                Secrets(path),
                null,
                cancellationToken,
                MissingExitCodes
            );
            return result.ExitCode == 0 ? RcloneJson.ParseEntry(stdout) : null;
        }

        public async Task<IReadOnlyList<RemoteEntry>> ListAsync(
            RemotePath directory,
            CancellationToken cancellationToken
        )
        {
            var (result, stdout) = await RunAsync(
                $"lsjson {directory.Redacted}",
                RcloneArguments.List(Options, directory),
                Secrets(directory),
                null,
                cancellationToken,
                MissingExitCodes
            );
            return result.ExitCode == 0 ? RcloneJson.ParseEntries(stdout) : [];
        }

        public async Task DeleteFileAsync(RemotePath path, CancellationToken cancellationToken) =>
            await RunAsync(
                $"deletefile {path.Redacted}",
                RcloneArguments.DeleteFile(Options, path),
                Secrets(path),
                null,
                cancellationToken
            );

        public async Task<IReadOnlySet<HashType>> HashTypesAsync(
            RemotePath remote,
            CancellationToken cancellationToken
        )
        {
            var (_, stdout) = await RunAsync(
                $"backend features {remote.Redacted}",
                RcloneArguments.Features(Options, remote),
                Secrets(remote),
                null,
                cancellationToken
            );
            return RcloneJson.ParseHashTypes(stdout);
        }

        // pflag keeps the last value of a repeated flag, so the last --bwlimit is the one in force.
        public Task<BandwidthLimit> BandwidthLimitAsync(CancellationToken cancellationToken)
        {
            var flags = Options.GlobalFlags;
            var rate = "off";
            for (var i = 0; i < flags.Count; i++)
            {
                if (flags[i] == "--bwlimit" && i + 1 < flags.Count)
                {
                    rate = flags[i + 1];
                }
                else if (flags[i].StartsWith("--bwlimit=", StringComparison.Ordinal))
                {
                    rate = flags[i]["--bwlimit=".Length..];
                }
            }

            return Task.FromResult(new BandwidthLimit(rate, null, null));
        }

        public Task<BandwidthLimit> SetBandwidthLimitAsync(
            string rate,
            CancellationToken cancellationToken
        )
        {
            var current = Options;
            Volatile.Write(
                ref _options,
                current with
                {
                    GlobalFlags = [.. current.GlobalFlags, "--bwlimit", rate],
                }
            );
            return BandwidthLimitAsync(cancellationToken);
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;

        private static Action<string>? OnStats(IProgress<TransferProgress>? progress) =>
            progress is null
                ? null
                : line =>
                {
                    if (RcloneJson.TryParseStats(line, out var report))
                    {
                        progress.Report(report);
                    }
                };

        public async Task<(ProcessResult Result, string Stdout)> RunAsync(
            string operation,
            IReadOnlyList<string> arguments,
            IEnumerable<string> secrets,
            Action<string>? onStderrLine,
            CancellationToken cancellationToken,
            int[]? alsoSuccessful = null
        )
        {
            var options = Options;
            var command = new ProcessCommand(options.ExecutablePath)
                .WithArguments(arguments)
                .WithGracefulStop(GracefulStop.Interrupt, options.GracePeriod)
                .WithSuccessExitCodes([0, .. alsoSuccessful ?? []]);
            foreach (var secret in secrets)
            {
                command = command.WithSecret(secret);
            }

            // The whole of stdout is the answer (a listing can be long); the runner only keeps a tail.
            var stdout = new StringBuilder();
            try
            {
                var result = await runner.RunAsync(
                    command,
                    line => stdout.AppendLine(line),
                    onStderrLine,
                    cancellationToken
                );
                return (result, stdout.ToString());
            }
            catch (ProcessFailedException e)
            {
                var kind = RcloneErrors.Classify(e.ExitCode, e.StandardErrorTail);
                throw new RcloneException(kind, operation, e.ExitCode, e.StandardErrorTail, e);
            }
        }
    }
}
