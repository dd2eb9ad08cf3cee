using Sluice.Tools.Processes;

namespace Sluice.Tools.Rclone;

/// <summary>
/// A thin typed layer over rclone, through one of two transports (<see cref="RcloneOptions.Transport"/>):
/// one process per call, or a long-lived <c>rclone rcd</c> this client starts on first use and
/// stops on dispose. Every call is cancellable and every failure an <see cref="RcloneException"/>
/// with a <see cref="RcloneErrorKind"/>, whichever way it went.
/// </summary>
/// <remarks>
/// "Missing" is an answer, not an error, where callers need it: <see cref="StatAsync"/> returns
/// null, <see cref="ListAsync"/> an empty list, <see cref="DeleteFileAsync"/> false. rclone
/// itself does not promise atomicity: an interrupted copy can leave a partial object on some
/// backends, so callers upload to a temporary name, verify, then <see cref="MoveToAsync"/>.
/// </remarks>
public sealed partial class RcloneClient : IAsyncDisposable, IDisposable
{
    private readonly ITransport _transport;

    // Checks that read a copy back (download, cryptcheck) run as their own processes whatever the transport.
    private readonly ProcessTransport _checks;

    public RcloneClient(ProcessRunner runner, RcloneOptions options)
    {
        ArgumentNullException.ThrowIfNull(runner);
        ArgumentNullException.ThrowIfNull(options);
        Options = options;
        _checks = new ProcessTransport(runner, options);
        _transport = options.Transport switch
        {
            RcloneTransport.Processes => new ProcessTransport(runner, options),
            RcloneTransport.Daemon => new DaemonTransport(
                new RcloneDaemon(runner, options),
                options
            ),
            _ => throw new ArgumentOutOfRangeException(
                nameof(options),
                options.Transport,
                "Unknown rclone transport."
            ),
        };
    }

    public RcloneOptions Options { get; }

    /// <summary>The daemon behind this client; null for the process transport.</summary>
    public RcloneDaemon? Daemon => (_transport as DaemonTransport)?.Daemon;

    public Task CopyToAsync(
        string localFile,
        RemotePath destination,
        IProgress<TransferProgress>? progress,
        CancellationToken cancellationToken
    ) => CopyToAsync(localFile, destination, progress, PostCopyCheck.Rclone, cancellationToken);

    public Task CopyToAsync(
        string localFile,
        RemotePath destination,
        IProgress<TransferProgress>? progress,
        PostCopyCheck check,
        CancellationToken cancellationToken
    )
    {
        RequireAbsolute(localFile);
        return _transport.CopyToAsync(localFile, destination, progress, check, cancellationToken);
    }

    /// <summary>Copies one file from a remote to another remote (or a local path), with progress.</summary>
    public Task CopyBetweenAsync(
        RemotePath source,
        RemotePath destination,
        IProgress<TransferProgress>? progress,
        CancellationToken cancellationToken
    ) => CopyBetweenAsync(source, destination, progress, PostCopyCheck.Rclone, cancellationToken);

    /// <inheritdoc cref="CopyBetweenAsync(RemotePath, RemotePath, IProgress{TransferProgress}?, CancellationToken)"/>
    public Task CopyBetweenAsync(
        RemotePath source,
        RemotePath destination,
        IProgress<TransferProgress>? progress,
        PostCopyCheck check,
        CancellationToken cancellationToken
    ) => _transport.CopyBetweenAsync(source, destination, progress, check, cancellationToken);

    public Task MoveToAsync(
        RemotePath source,
        RemotePath destination,
        CancellationToken cancellationToken
    ) => _transport.MoveToAsync(source, destination, cancellationToken);

    /// <summary>The object's size, modification time and the requested hashes the backend has; null when it does not exist.</summary>
    public Task<RemoteEntry?> StatAsync(
        RemotePath path,
        IReadOnlyCollection<HashType> hashTypes,
        CancellationToken cancellationToken
    ) => _transport.StatAsync(path, hashTypes, cancellationToken);

    /// <summary>The directory's direct children; empty when the directory does not exist.</summary>
    public Task<IReadOnlyList<RemoteEntry>> ListAsync(
        RemotePath directory,
        CancellationToken cancellationToken
    ) => _transport.ListAsync(directory, cancellationToken);

    /// <summary>Deletes one file; false when there was nothing to delete (so retries are harmless).</summary>
    public async Task<bool> DeleteFileAsync(RemotePath path, CancellationToken cancellationToken)
    {
        try
        {
            await _transport.DeleteFileAsync(path, cancellationToken);
            return true;
        }
        catch (RcloneException e) when (e.Kind == RcloneErrorKind.NotFound)
        {
            // rclone says "is a directory or doesn't exist": only "doesn't exist" means done.
            return await StatAsync(path, [], cancellationToken) is null
                ? false
                : throw new RcloneException(
                    RcloneErrorKind.Permanent,
                    $"deletefile {path.Redacted} (a directory)",
                    e.ExitCode,
                    e.StandardErrorTail,
                    e
                );
        }
    }

    /// <summary>The hashes the backend behind <paramref name="remote"/> can compute.</summary>
    public Task<IReadOnlySet<HashType>> HashTypesAsync(
        RemotePath remote,
        CancellationToken cancellationToken
    ) => _transport.HashTypesAsync(remote, cancellationToken);

    /// <summary>The bandwidth limit in force for this client's transfers (rclone's <c>--bwlimit</c>).</summary>
    public Task<BandwidthLimit> BandwidthLimitAsync(CancellationToken cancellationToken) =>
        _transport.BandwidthLimitAsync(cancellationToken);

    /// <summary>
    /// Changes the limit ("8M", "off", "1M:100k"; one rate, not a timetable). Through the daemon it
    /// applies at once, to running transfers too; with processes, to calls started afterwards.
    /// </summary>
    public Task<BandwidthLimit> SetBandwidthLimitAsync(
        string rate,
        CancellationToken cancellationToken
    )
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(rate);
        return _transport.SetBandwidthLimitAsync(rate, cancellationToken);
    }

    /// <summary>Stops the daemon, if this client started one; idempotent.</summary>
    public ValueTask DisposeAsync() => _transport.DisposeAsync();

    /// <summary>For containers disposed synchronously: blocks until the daemon has stopped.</summary>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private static void RequireAbsolute(string localFile)
    {
        if (!System.IO.Path.IsPathFullyQualified(localFile))
        {
            throw new ArgumentException(
                $"The local file must be an absolute path, not '{localFile}'.",
                nameof(localFile)
            );
        }
    }

    private static IEnumerable<string> Secrets(params RemotePath[] paths) =>
        paths.Select(p => p.Secret).OfType<string>();

    private interface ITransport : IAsyncDisposable
    {
        Task CopyToAsync(
            string localFile,
            RemotePath destination,
            IProgress<TransferProgress>? progress,
            PostCopyCheck check,
            CancellationToken cancellationToken
        );

        Task CopyBetweenAsync(
            RemotePath source,
            RemotePath destination,
            IProgress<TransferProgress>? progress,
            PostCopyCheck check,
            CancellationToken cancellationToken
        );

        Task MoveToAsync(
            RemotePath source,
            RemotePath destination,
            CancellationToken cancellationToken
        );

        Task<RemoteEntry?> StatAsync(
            RemotePath path,
            IReadOnlyCollection<HashType> hashTypes,
            CancellationToken cancellationToken
        );

        Task<IReadOnlyList<RemoteEntry>> ListAsync(
            RemotePath directory,
            CancellationToken cancellationToken
        );

        /// <summary>Throws NotFound when there is nothing to delete (or it is a directory).</summary>
        Task DeleteFileAsync(RemotePath path, CancellationToken cancellationToken);

        Task<IReadOnlySet<HashType>> HashTypesAsync(
            RemotePath remote,
            CancellationToken cancellationToken
        );

        Task<BandwidthLimit> BandwidthLimitAsync(CancellationToken cancellationToken);

        Task<BandwidthLimit> SetBandwidthLimitAsync(
            string rate,
            CancellationToken cancellationToken
        );
    }
}

/// <summary>A bandwidth limit as rclone reports it; bytes per second are -1 for "off" and null when only the rate text is known.</summary>
public sealed record BandwidthLimit(string Rate, long? BytesPerSecondTx, long? BytesPerSecondRx);
