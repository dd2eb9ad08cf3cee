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
            CancellationToken cancellationToken
        )
        {
            var (dstFs, dstRemote) = Split(destination);
            return TransferAsync(
                "operations/copyfile",
                new JsonObject
                {
                    ["srcFs"] = "/",
                    ["srcRemote"] = localFile[1..],
                    ["dstFs"] = dstFs,
                    ["dstRemote"] = dstRemote,
                },
                $"copyto to {destination.Redacted}",
                [.. Secrets(destination)],
                progress,
                cancellationToken
            );
        }

        public Task CopyBetweenAsync(
            RemotePath source,
            RemotePath destination,
            IProgress<TransferProgress>? progress,
            CancellationToken cancellationToken
        ) =>
            TransferAsync(
                "operations/copyfile",
                Pair(source, destination),
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
        ) =>
            ToLimit(
                await daemon.CallAsync(
                    "core/bwlimit",
                    new JsonObject { ["rate"] = rate },
                    $"bwlimit {rate}",
                    [],
                    cancellationToken
                )
            );

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
