namespace Sluice.Testing.Rclone;

/// <summary>
/// A real network remote for tests: <c>rclone serve sftp</c> on 127.0.0.1 with user/password
/// auth, and an rclone.conf whose <c>[vault]</c> sftp remote points at it.
/// </summary>
public sealed class RcloneSftpServer : IDisposable
{
    private readonly RcloneServe _serve;

    private RcloneSftpServer(RcloneServe serve) => _serve = serve;

    public static async Task<RcloneSftpServer> StartAsync(CancellationToken cancellationToken) =>
        new(
            await RcloneServe.StartAsync(
                "sftp",
                (port, obscured) =>
                    [
                        "type = sftp",
                        "host = 127.0.0.1",
                        $"port = {port}",
                        $"user = {RcloneServe.User}",
                        $"pass = {obscured}",
                    ],
                cancellationToken
            )
        );

    public string ConfigPath => _serve.ConfigPath;

    public string RemoteName => RcloneServe.RemoteName;

    /// <summary>The served directory: what the remote's root holds, for checking from the test's side.</summary>
    public string RootDirectory => _serve.RootDirectory;

    public int Port => _serve.Port;

    public int Pid => _serve.Pid;

    /// <summary>The server's own log, for failure messages.</summary>
    public string Output => _serve.Output;

    /// <summary>Kills the server: the remote becomes unreachable; its files stay until Dispose.</summary>
    public void Stop() => _serve.Stop();

    public void Dispose() => _serve.Dispose();
}
