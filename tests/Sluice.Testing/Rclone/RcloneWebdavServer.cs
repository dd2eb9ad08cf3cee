namespace Sluice.Testing.Rclone;

/// <summary>
/// <c>rclone serve webdav</c> on 127.0.0.1 with basic auth, and an rclone.conf whose
/// <c>[vault]</c> webdav remote points at it: a backend without server-side hashes.
/// </summary>
public sealed class RcloneWebdavServer : IDisposable
{
    private readonly RcloneServe _serve;

    private RcloneWebdavServer(RcloneServe serve) => _serve = serve;

    public static async Task<RcloneWebdavServer> StartAsync(CancellationToken cancellationToken) =>
        new(
            await RcloneServe.StartAsync(
                "webdav",
                (port, obscured) =>
                    [
                        "type = webdav",
                        $"url = http://127.0.0.1:{port}/",
                        "vendor = other",
                        $"user = {RcloneServe.User}",
                        $"pass = {obscured}",
                    ],
                cancellationToken
            )
        );

    public string ConfigPath => _serve.ConfigPath;

    public string RemoteName => RcloneServe.RemoteName;

    public string RootDirectory => _serve.RootDirectory;

    public int Port => _serve.Port;

    public string Output => _serve.Output;

    public void Stop() => _serve.Stop();

    public void Dispose() => _serve.Dispose();
}
