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

    private NodeProcess(Process process, StreamWriter log, Uri api)
    {
        _process = process;
        _log = log;
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
        var node = new NodeProcess(process, log, api);
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

    public async Task<JsonElement> GetAsync(string path, CancellationToken ct) =>
        await Http.GetFromJsonAsync<JsonElement>(path, ct);

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        Http.Dispose();
        _process.Dispose();
        lock (_log)
        {
            _log.Dispose();
        }
    }
}
