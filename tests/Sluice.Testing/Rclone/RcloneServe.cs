using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Sluice.Testing.Rclone;

/// <summary>
/// Runs <c>rclone serve &lt;protocol&gt;</c> over a directory on a free loopback port and writes an
/// rclone.conf with a <c>[vault]</c> remote pointing at it. Test support: plain
/// System.Diagnostics.Process, since this project does not reference the product.
/// </summary>
internal sealed class RcloneServe : IDisposable
{
    public const string User = "u";
    public const string Password = "p";
    public const string RemoteName = "vault";

    private readonly Process _process;
    private readonly List<string> _output = [];
    private bool _disposed;

    private RcloneServe(Process process, TempDirectory home, int port)
    {
        _process = process;
        Home = home;
        Port = port;
    }

    public TempDirectory Home { get; }
    public int Port { get; }

    /// <summary>The server's pid: a spec may freeze it (SIGSTOP) to hold whoever talks to it mid-call.</summary>
    public int Pid => _process.Id;
    public string RootDirectory => Home.Combine("root");
    public string ConfigPath => Home.Combine("rclone.conf");

    /// <param name="remoteConfig">Lines of the [vault] section, given the port and the obscured password.</param>
    public static async Task<RcloneServe> StartAsync(
        string protocol,
        Func<int, string, IEnumerable<string>> remoteConfig,
        CancellationToken cancellationToken
    )
    {
        var obscured = (
            await ToolProcess.RunAsync("rclone", ["obscure", Password], cancellationToken)
        ).Trim();
        // Two servers started at once can race for the same "free" port: try again on a new one.
        for (var attempt = 1; ; attempt++)
        {
            var home = new TempDirectory($"sluice-rclone-{protocol}");
            home.Sub("root");
            home.Sub("cache");
            var port = FreePort();
            await File.WriteAllLinesAsync(
                home.Combine("rclone.conf"),
                [$"[{RemoteName}]", .. remoteConfig(port, obscured)],
                cancellationToken
            );
            var server = new RcloneServe(Start(protocol, home, port), home, port);
            if (await server.WaitUntilListeningAsync(cancellationToken))
            {
                return server;
            }

            var output = server.Output;
            server.Dispose();
            if (attempt == 3)
            {
                throw new InvalidOperationException(
                    $"rclone serve {protocol} did not start: {output}"
                );
            }
        }
    }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return string.Join(Environment.NewLine, _output);
            }
        }
    }

    /// <summary>Kills the server; its directory and config stay until <see cref="Dispose"/>.</summary>
    public void Stop()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
        catch (InvalidOperationException) { }
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        Stop();
        _process.Dispose();
        Home.Dispose();
    }

    private static Process Start(string protocol, TempDirectory home, int port)
    {
        var info = new ProcessStartInfo("rclone")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (
            var argument in new[]
            {
                "serve",
                protocol,
                home.Combine("root"),
                "--addr",
                $"127.0.0.1:{port}",
                "--user",
                User,
                "--pass",
                Password,
                // Its own empty config and cache (serve sftp writes host keys there).
                "--config",
                home.Combine("server.conf"),
                "--cache-dir",
                home.Combine("cache"),
            }
        )
        {
            info.ArgumentList.Add(argument);
        }

        return Process.Start(info)!;
    }

    private async Task<bool> WaitUntilListeningAsync(CancellationToken cancellationToken)
    {
        // Drain both streams: a server blocked on a full pipe stops serving.
        _process.OutputDataReceived += (_, e) => Keep(e.Data);
        _process.ErrorDataReceived += (_, e) => Keep(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var started = TimeProvider.System.GetTimestamp();
        while (
            TimeProvider.System.GetElapsedTime(started) < TimeSpan.FromSeconds(15)
            && !_process.HasExited
        )
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, Port, cancellationToken);
                return true;
            }
            catch (SocketException)
            {
                await Task.Delay(
                    TimeSpan.FromMilliseconds(50),
                    TimeProvider.System,
                    cancellationToken
                );
            }
        }

        return false;
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.Add(line);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
