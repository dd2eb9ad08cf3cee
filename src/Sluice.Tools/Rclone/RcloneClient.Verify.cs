namespace Sluice.Tools.Rclone;

/// <summary>The checks that go further than a stat: reading a copy back, and cryptcheck.</summary>
public sealed partial class RcloneClient
{
    /// <summary>
    /// Reads the whole object back and hashes it as it streams (`hashsum --download`): the
    /// check for remotes that keep no hash, at the cost of the object's size in traffic.
    /// </summary>
    public async Task<string> DownloadHashAsync(
        RemotePath path,
        HashType hash,
        CancellationToken cancellationToken
    )
    {
        var (_, stdout) = await _checks.RunAsync(
            $"hashsum --download {path.Redacted}",
            [
                "hashsum",
                hash.Name,
                path.ToString(),
                "--download",
                .. RcloneArguments.Global(Options),
            ],
            Secrets(path),
            null,
            cancellationToken
        );
        var line = stdout
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .FirstOrDefault();
        var value = line?.Split(' ', 2)[0];
        return string.IsNullOrEmpty(value) || !value.All(char.IsAsciiHexDigit)
            ? throw new RcloneException(
                RcloneErrorKind.Transient,
                $"hashsum --download {path.Redacted} printed no hash",
                0,
                [line ?? ""]
            )
            : value.ToLowerInvariant();
    }

    /// <summary>
    /// `rclone cryptcheck` of one file: the local file encrypted with the copy's nonce and
    /// compared by the underlying remote's hash, without downloading. Null when it matches,
    /// otherwise what rclone found wrong.
    /// </summary>
    public async Task<string?> CryptCheckAsync(
        string localRoot,
        RemotePath cryptRoot,
        string relativePath,
        CancellationToken cancellationToken
    )
    {
        // One file by an exact list: a name is not a filter pattern, so brackets and stars in
        // release names mean nothing here.
        var list = Path.Combine(Path.GetTempPath(), $"sluice-cryptcheck-{Guid.NewGuid():N}");
        await File.WriteAllTextAsync(list, relativePath + "\n", cancellationToken);
        try
        {
            await _checks.RunAsync(
                $"cryptcheck {cryptRoot.Redacted}",
                [
                    "cryptcheck",
                    localRoot,
                    cryptRoot.ToString(),
                    "--files-from-raw",
                    list,
                    "--one-way",
                    .. RcloneArguments.Global(Options),
                ],
                Secrets(cryptRoot),
                null,
                cancellationToken
            );
            return null;
        }
        catch (RcloneException e)
            when (e.StandardErrorTail.Any(l =>
                    l.Contains("differences found", StringComparison.Ordinal)
                )
            )
        {
            var errors = e
                .StandardErrorTail.Where(l => l.Contains("ERROR", StringComparison.Ordinal))
                .Select(l => l[(l.IndexOf("ERROR", StringComparison.Ordinal) + 5)..].Trim(' ', ':'))
                .ToList();
            return errors.Count == 0 ? "cryptcheck found a difference" : string.Join("; ", errors);
        }
        finally
        {
            File.Delete(list);
        }
    }

    /// <summary>Whether the remote is rclone's crypt backend, whose hashes are not the plaintext's.</summary>
    public async Task<bool> IsCryptAsync(RemotePath remote, CancellationToken cancellationToken)
    {
        var (_, stdout) = await _checks.RunAsync(
            $"backend features {remote.Redacted}",
            RcloneArguments.Features(Options, remote),
            Secrets(remote),
            null,
            cancellationToken
        );
        return RcloneJson
            .ParseFeaturesName(stdout)
            .StartsWith("Encrypted drive", StringComparison.Ordinal);
    }

    private static string[] Secrets(RemotePath path) => path.Secret is { } secret ? [secret] : [];
}
