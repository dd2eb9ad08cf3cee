namespace Sluice.Tools.Rclone;

public sealed partial class RcloneClient
{
    /// <summary>
    /// Removes a directory only if it is empty (rclone rmdir refuses one that is not). False
    /// when it holds something and was left; true when it is gone (or was never there).
    /// </summary>
    public async Task<bool> RemoveEmptyDirectoryAsync(
        RemotePath directory,
        CancellationToken cancellationToken
    )
    {
        if ((await ListAsync(directory, cancellationToken)).Count > 0)
        {
            return false;
        }

        try
        {
            await _checks.RunAsync(
                $"rmdir {directory.Redacted}",
                ["rmdir", directory.ToString(), .. RcloneArguments.Global(Options)],
                Secrets(directory),
                null,
                cancellationToken
            );
            return true;
        }
        catch (RcloneException e) when (e.Kind == RcloneErrorKind.NotFound)
        {
            return true;
        }
    }
}
