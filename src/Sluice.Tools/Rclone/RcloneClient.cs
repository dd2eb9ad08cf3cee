using System.Text;
using Sluice.Tools.Processes;

namespace Sluice.Tools.Rclone;

/// <summary>
/// A thin typed layer over the rclone CLI: one process per call, each cancellable (SIGINT, then
/// the runner's kill), every failure an <see cref="RcloneException"/> with a <see cref="RcloneErrorKind"/>.
/// </summary>
/// <remarks>
/// "Missing" is an answer, not an error, where callers need it: <see cref="StatAsync"/> returns
/// null, <see cref="ListAsync"/> an empty list, <see cref="DeleteFileAsync"/> false. rclone
/// itself does not promise atomicity: an interrupted copy can leave a partial object on some
/// backends, so callers upload to a temporary name, verify, then <see cref="MoveToAsync"/>.
/// </remarks>
public sealed partial class RcloneClient(ProcessRunner runner, RcloneOptions options)
{
    // rclone 1.60 reports a missing path to lsjson as exit 3 ("directory not found").
    private static readonly int[] MissingExitCodes = [3, 4];

    public async Task CopyToAsync(
        string localFile,
        RemotePath destination,
        IProgress<TransferProgress>? progress,
        CancellationToken cancellationToken
    )
    {
        var arguments = RcloneArguments.CopyTo(options, localFile, destination);
        await RunAsync(
            $"copyto to {destination.Redacted}",
            arguments,
            [destination],
            OnStats,
            cancellationToken
        );

        void OnStats(string line)
        {
            if (progress is not null && RcloneJson.TryParseStats(line, out var report))
            {
                progress.Report(report);
            }
        }
    }

    /// <summary>Copies one file from a remote to another remote (or a local path), with progress.</summary>
    public async Task CopyBetweenAsync(
        RemotePath source,
        RemotePath destination,
        IProgress<TransferProgress>? progress,
        CancellationToken cancellationToken
    )
    {
        await RunAsync(
            "copyto",
            RcloneArguments.CopyBetween(options, source, destination),
            [source, destination],
            line =>
            {
                if (progress is not null && RcloneJson.TryParseStats(line, out var report))
                {
                    progress.Report(report);
                }
            },
            cancellationToken
        );
    }

    public async Task MoveToAsync(
        RemotePath source,
        RemotePath destination,
        CancellationToken cancellationToken
    ) =>
        await RunAsync(
            $"moveto {source.Redacted} to {destination.Redacted}",
            RcloneArguments.MoveTo(options, source, destination),
            [source, destination],
            null,
            cancellationToken
        );

    /// <summary>The object's size, modification time and the requested hashes the backend has; null when it does not exist.</summary>
    public async Task<RemoteEntry?> StatAsync(
        RemotePath path,
        IReadOnlyCollection<HashType> hashTypes,
        CancellationToken cancellationToken
    )
    {
        var (result, stdout) = await RunAsync(
            $"lsjson --stat {path.Redacted}",
            RcloneArguments.Stat(options, path, hashTypes),
            [path],
            null,
            cancellationToken,
            MissingExitCodes
        );
        return result.ExitCode == 0 ? RcloneJson.ParseEntry(stdout) : null;
    }

    /// <summary>The directory's direct children; empty when the directory does not exist.</summary>
    public async Task<IReadOnlyList<RemoteEntry>> ListAsync(
        RemotePath directory,
        CancellationToken cancellationToken
    )
    {
        var (result, stdout) = await RunAsync(
            $"lsjson {directory.Redacted}",
            RcloneArguments.List(options, directory),
            [directory],
            null,
            cancellationToken,
            MissingExitCodes
        );
        return result.ExitCode == 0 ? RcloneJson.ParseEntries(stdout) : [];
    }

    /// <summary>Deletes one file; false when there was nothing to delete (so retries are harmless).</summary>
    public async Task<bool> DeleteFileAsync(RemotePath path, CancellationToken cancellationToken)
    {
        try
        {
            await RunAsync(
                $"deletefile {path.Redacted}",
                RcloneArguments.DeleteFile(options, path),
                [path],
                null,
                cancellationToken
            );
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
    public async Task<IReadOnlySet<HashType>> HashTypesAsync(
        RemotePath remote,
        CancellationToken cancellationToken
    )
    {
        var (_, stdout) = await RunAsync(
            $"backend features {remote.Redacted}",
            RcloneArguments.Features(options, remote),
            [remote],
            null,
            cancellationToken
        );
        return RcloneJson.ParseHashTypes(stdout);
    }

    private async Task<(ProcessResult Result, string Stdout)> RunAsync(
        string operation,
        IReadOnlyList<string> arguments,
        IEnumerable<RemotePath> paths,
        Action<string>? onStderrLine,
        CancellationToken cancellationToken,
        int[]? alsoSuccessful = null
    )
    {
        var command = new ProcessCommand(options.ExecutablePath)
            .WithArguments(arguments)
            .WithGracefulStop(GracefulStop.Interrupt, options.GracePeriod)
            .WithSuccessExitCodes([0, .. alsoSuccessful ?? []]);
        foreach (var secret in paths.Select(p => p.Secret).OfType<string>())
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
