using System.Text.Json;
using System.Text.Json.Nodes;

namespace Sluice.Tools.Rclone;

public sealed partial class RcloneClient
{
    /// <summary>
    /// Calls through one <c>rclone rcd</c>: its Fs cache keeps one connection pool per remote
    /// alive between calls, so a small file costs a few HTTP round trips on loopback instead of
    /// a process start and a fresh SSH/TLS handshake per step.
    /// </summary>
    /// <remarks>
    /// Paths are split into the remote's root as the Fs and the rest as the path inside it, so
    /// every call on one remote hits the same cached Fs (and its connections). Transfers run as
    /// async jobs (<see cref="RcloneClient.DaemonTransport.TransferAsync"/>); everything else is
    /// a synchronous call.
    /// </remarks>
    private sealed partial class DaemonTransport(RcloneDaemon daemon, RcloneOptions options)
        : ITransport
    {
        public RcloneDaemon Daemon => daemon;

        public Task CopyToAsync(
            string localFile,
            RemotePath destination,
            IProgress<TransferProgress>? progress,
            PostCopyCheck check,
            CancellationToken cancellationToken
        )
        {
            var (dstFs, dstRemote) = Split(destination);
            var input = WithCheck(
                new JsonObject
                {
                    ["srcFs"] = "/",
                    ["srcRemote"] = localFile[1..],
                    ["dstFs"] = dstFs,
                    ["dstRemote"] = dstRemote,
                },
                check
            );
            var operation = $"copyto to {destination.Redacted}";
            var file = new FileInfo(localFile);
            return file.Exists && file.Length < options.SynchronousCopyBelow && !Limited
                ? CopySmallAsync(
                    input,
                    operation,
                    destination,
                    file.Length,
                    progress,
                    cancellationToken
                )
                : TransferAsync(
                    "operations/copyfile",
                    input,
                    operation,
                    [.. Secrets(destination)],
                    progress,
                    cancellationToken
                );
        }

        /// <summary>
        /// A small file with no bandwidth limit is one synchronous call: an async job would cost
        /// a start, status polls and a stats clean-up for a transfer that is over before the
        /// first progress report. Cancelling abandons the wait; rclone finishes the few bytes on
        /// its own, under the temp name the caller gave.
        /// </summary>
        private async Task CopySmallAsync(
            JsonObject input,
            string operation,
            RemotePath destination,
            long size,
            IProgress<TransferProgress>? progress,
            CancellationToken cancellationToken
        )
        {
            await daemon.CallAsync(
                "operations/copyfile",
                input,
                operation,
                [.. Secrets(destination)],
                cancellationToken
            );
            progress?.Report(new TransferProgress(size, size, 0, TimeSpan.Zero));
        }

        // A limit makes even a small copy slow, and a slow copy must be stoppable.
        private bool Limited =>
            Volatile.Read(ref _limited)
            || options.GlobalFlags.Any(f => f.StartsWith("--bwlimit", StringComparison.Ordinal));

        private bool _limited;

        public Task CopyBetweenAsync(
            RemotePath source,
            RemotePath destination,
            IProgress<TransferProgress>? progress,
            PostCopyCheck check,
            CancellationToken cancellationToken
        ) =>
            TransferAsync(
                "operations/copyfile",
                WithCheck(Pair(source, destination), check),
                "copyto",
                [.. Secrets(source, destination)],
                progress,
                cancellationToken
            );

        public async Task MoveToAsync(
            RemotePath source,
            RemotePath destination,
            CancellationToken cancellationToken
        ) =>
            await daemon.CallAsync(
                "operations/movefile",
                Pair(source, destination),
                $"moveto {source.Redacted} to {destination.Redacted}",
                [.. Secrets(source, destination)],
                cancellationToken
            );

        public async Task<RemoteEntry?> StatAsync(
            RemotePath path,
            IReadOnlyCollection<HashType> hashTypes,
            CancellationToken cancellationToken
        )
        {
            var input = One(path);
            input["opt"] = new JsonObject
            {
                ["noMimeType"] = true,
                ["showHash"] = hashTypes.Count > 0,
                ["hashTypes"] = new JsonArray([.. hashTypes.Select(h => JsonValue.Create(h.Name))]),
            };
            try
            {
                var answer = await daemon.CallAsync(
                    "operations/stat",
                    input,
                    $"stat {path.Redacted}",
                    [.. Secrets(path)],
                    cancellationToken
                );
                return
                    answer.TryGetProperty("item", out var item)
                    && item.ValueKind == JsonValueKind.Object
                    ? RcloneJson.ToEntry(item)
                    : null;
            }
            catch (RcloneException e) when (e.Kind == RcloneErrorKind.NotFound)
            {
                return null; // its directory is missing too
            }
        }

        public async Task<IReadOnlyList<RemoteEntry>> ListAsync(
            RemotePath directory,
            CancellationToken cancellationToken
        )
        {
            var input = One(directory);
            input["opt"] = new JsonObject { ["noMimeType"] = true };
            try
            {
                var answer = await daemon.CallAsync(
                    "operations/list",
                    input,
                    $"list {directory.Redacted}",
                    [.. Secrets(directory)],
                    cancellationToken
                );
                return [.. answer.GetProperty("list").EnumerateArray().Select(RcloneJson.ToEntry)];
            }
            catch (RcloneException e) when (e.Kind == RcloneErrorKind.NotFound)
            {
                return [];
            }
        }

        public async Task DeleteFileAsync(RemotePath path, CancellationToken cancellationToken)
        {
            try
            {
                await daemon.CallAsync(
                    "operations/deletefile",
                    One(path),
                    $"deletefile {path.Redacted}",
                    [.. Secrets(path)],
                    cancellationToken
                );
            }
            catch (RcloneException e) when (e.Message.Contains("is a directory"))
            {
                // The CLI says "is a directory or doesn't exist" (NotFound) and the client tells
                // the two apart; the daemon says which, so say it the CLI's way.
                throw new RcloneException(
                    RcloneErrorKind.NotFound,
                    $"deletefile {path.Redacted}",
                    e.HttpStatus,
                    e.StandardErrorTail[0],
                    e
                );
            }
        }

        public async Task<IReadOnlySet<HashType>> HashTypesAsync(
            RemotePath remote,
            CancellationToken cancellationToken
        )
        {
            var answer = await daemon.CallAsync(
                "operations/fsinfo",
                new JsonObject { ["fs"] = Split(remote).Fs },
                $"fsinfo {remote.Redacted}",
                [.. Secrets(remote)],
                cancellationToken
            );
            return RcloneJson.ParseHashTypes(answer.GetRawText());
        }

        public async Task<BandwidthLimit> BandwidthLimitAsync(
            CancellationToken cancellationToken
        ) => ToLimit(await daemon.CallAsync("core/bwlimit", [], "bwlimit", [], cancellationToken));

        public async Task<BandwidthLimit> SetBandwidthLimitAsync(
            string rate,
            CancellationToken cancellationToken
        )
        {
            var limit = ToLimit(
                await daemon.CallAsync(
                    "core/bwlimit",
                    new JsonObject { ["rate"] = rate },
                    $"bwlimit {rate}",
                    [],
                    cancellationToken
                )
            );
            Volatile.Write(ref _limited, limit.BytesPerSecondTx > 0 || limit.BytesPerSecondRx > 0);
            return limit;
        }

        public ValueTask DisposeAsync() => daemon.DisposeAsync();

        private static BandwidthLimit ToLimit(JsonElement answer) =>
            new(
                answer.GetProperty("rate").GetString() ?? "off",
                answer.GetProperty("bytesPerSecondTx").GetInt64(),
                answer.GetProperty("bytesPerSecondRx").GetInt64()
            );

        /// <summary>
        /// The remote's root as the Fs and the rest as the path inside it: one cached Fs (and
        /// connection pool) per remote, whatever folder a call is about. An absolute path keeps
        /// its root: "/data/x" is ("/", "data/x"), "sftp:/srv/x" is ("sftp:/", "srv/x").
        /// </summary>
        internal static (string Fs, string Remote) Split(RemotePath path) =>
            path.Path.StartsWith('/')
                ? (path.Remote + "/", path.Path[1..])
                : (path.Remote, path.Path);

        /// <summary>rclone's `--ignore-checksum` for this call only, when the caller verifies the copy itself.</summary>
        private static JsonObject WithCheck(JsonObject input, PostCopyCheck check)
        {
            if (check == PostCopyCheck.Caller)
            {
                input["_config"] = new JsonObject { ["IgnoreChecksum"] = true };
            }

            return input;
        }

        private static JsonObject One(RemotePath path)
        {
            var (fs, remote) = Split(path);
            return new JsonObject { ["fs"] = fs, ["remote"] = remote };
        }

        private static JsonObject Pair(RemotePath source, RemotePath destination)
        {
            var (srcFs, srcRemote) = Split(source);
            var (dstFs, dstRemote) = Split(destination);
            return new JsonObject
            {
                ["srcFs"] = srcFs,
                ["srcRemote"] = srcRemote,
                ["dstFs"] = dstFs,
                ["dstRemote"] = dstRemote,
            };
        }
    }
}
