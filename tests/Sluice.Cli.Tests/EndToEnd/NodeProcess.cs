using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Sluice.Testing;

namespace Sluice.Cli.Tests.EndToEnd;

/// <summary>
/// A real `sluice run` process, as a user starts it: its own PID, its own output log, killed
/// with a real SIGKILL when a test says so.
/// </summary>
public sealed class NodeProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;

    /// <summary>Set in the node's environment and inherited by every tool it starts.</summary>
    private const string MarkerVariable = "SLUICE_TEST_NODE";

    private readonly string _marker;

    private NodeProcess(Process process, StreamWriter log, Uri api, string marker)
    {
        _process = process;
        _log = log;
        _marker = marker;
        Api = api;
        Http = new HttpClient { BaseAddress = api, Timeout = TimeSpan.FromSeconds(10) };
    }

    public Uri Api { get; }

    public HttpClient Http { get; }

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    public static async Task<NodeProcess> StartAsync(
        string configFile,
        Uri api,
        string logFile,
        CancellationToken ct,
        IReadOnlyDictionary<string, string?>? environment = null
    )
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            start.Environment[key] = value;
        }

        var marker = Guid.NewGuid().ToString("N");
        start.Environment[MarkerVariable] = marker;
        foreach (var arg in new[] { SluiceProcess.Dll, "run", "--config", configFile })
        {
            start.ArgumentList.Add(arg);
        }

        var log = new StreamWriter(logFile, append: true) { AutoFlush = true };
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => Write(log, e.Data);
        process.ErrorDataReceived += (_, e) => Write(log, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var node = new NodeProcess(process, log, api, marker);
        try
        {
            await node.WaitUntilReadyAsync(ct);
        }
        catch (InvalidOperationException ex)
        {
            await node.DisposeAsync();
            throw new InvalidOperationException(
                $"{ex.Message}\n{string.Join('\n', File.ReadLines(logFile).TakeLast(20))}",
                ex
            );
        }

        return node;
    }

    private static void Write(StreamWriter log, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (log)
        {
            log.WriteLine(line);
        }
    }

    private async Task WaitUntilReadyAsync(CancellationToken ct)
    {
        var ready = await Eventually.TrueWithinAsync(
            () =>
            {
                if (_process.HasExited)
                {
                    return true;
                }

                try
                {
                    // Any answer will do (a node with a token answers 401): the API starts
                    // only after the node's start-up work is done.
                    using var response = Http.GetAsync("/api/health", ct).GetAwaiter().GetResult();
                    return true;
                }
                catch (HttpRequestException)
                {
                    return false;
                }
            },
            TimeSpan.FromSeconds(60),
            ct
        );
        if (!ready || _process.HasExited)
        {
            throw new InvalidOperationException(
                $"The node did not come up (exited: {_process.HasExited})."
            );
        }
    }

    /// <summary>Sends a signal with kill(1): STOP freezes the node as a hung machine would, CONT thaws it.</summary>
    public async Task SignalAsync(string signal, CancellationToken ct)
    {
        using var kill = Process.Start(
            "kill",
            [$"-{signal}", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]
        );
        await kill.WaitForExitAsync(ct);
    }

    /// <summary>SIGINT, as Ctrl-C or systemd's KillSignal: a graceful stop. Returns the exit code.</summary>
    public async Task<int> InterruptAsync(CancellationToken ct)
    {
        using (
            var kill = Process.Start(
                "kill",
                ["-INT", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]
            )
        )
        {
            await kill.WaitForExitAsync(ct);
        }

        await _process.WaitForExitAsync(ct);
        return _process.ExitCode;
    }

    /// <summary>SIGKILL: no shutdown hooks, no flushing, exactly a crash.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            Process.GetProcessById(_process.Id).Kill(entireProcessTree: false);
        }

        await _process.WaitForExitAsync();
    }

    /// <summary>
    /// Stops what this node started and left behind: a SIGKILLed node cannot stop its tools (its
    /// rclone daemon above all), and a spec whose node is not started again would leave them
    /// running after the test run. A restarted node sweeps them itself, which specs rely on, so
    /// only the end of this process's life does this.
    /// </summary>
    private void KillTools()
    {
        foreach (var pid in LinuxProcesses.WithEnvironmentEntry($"{MarkerVariable}={_marker}"))
        {
            try
            {
                using var tool = Process.GetProcessById(pid);
                tool.Kill(entireProcessTree: true);
            }
            catch (ArgumentException)
            {
                // Gone already.
            }
            catch (InvalidOperationException)
            {
                // Exited between the look and the kill.
            }
        }
    }

    public async Task<JsonElement> GetAsync(string path, CancellationToken ct) =>
        await Http.GetFromJsonAsync<JsonElement>(path, ct);

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        KillTools();
        Http.Dispose();
        _process.Dispose();
        lock (_log)
        {
            _log.Dispose();
        }
    }
}
