using System.Diagnostics;
using System.Threading.Channels;

namespace Sluice.Cli.Tests.Ctl;

/// <summary>A long-running `sluice ctl` (tail, jobs --watch) whose output a spec reads line by line as it comes.</summary>
public sealed class CtlProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>();

    private CtlProcess(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                _lines.Writer.TryComplete();
            }
            else
            {
                _lines.Writer.TryWrite(e.Data);
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (Errors)
                {
                    Errors.Add(e.Data);
                }
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public List<string> Errors { get; } = [];

    public static CtlProcess Start(Uri node, string? token, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (
            var arg in (string[])[SluiceProcess.Dll, "ctl", "--node", node.ToString(), .. args]
        )
        {
            start.ArgumentList.Add(arg);
        }

        if (token is not null)
        {
            start.Environment["SLUICE_TOKEN"] = token;
        }

        return new CtlProcess(Process.Start(start)!);
    }

    /// <summary>The next line of output, or an exception naming what was read when none comes in time.</summary>
    public async Task<string> NextLineAsync(TimeSpan timeout, CancellationToken ct)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(timeout);
        try
        {
            return await _lines.Reader.ReadAsync(limit.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new TimeoutException(
                $"No line from ctl within {timeout}; stderr: {string.Join('\n', Errors)}"
            );
        }
    }

    /// <summary>Reads lines until one matches, returning it.</summary>
    public async Task<string> LineMatchingAsync(
        Func<string, bool> match,
        TimeSpan timeout,
        CancellationToken ct
    )
    {
        var started = TimeProvider.System.GetTimestamp();
        while (true)
        {
            var left = timeout - TimeProvider.System.GetElapsedTime(started);
            var line = await NextLineAsync(left > TimeSpan.Zero ? left : TimeSpan.Zero, ct);
            if (match(line))
            {
                return line;
            }
        }
    }

    /// <summary>Waits until stderr has a line containing <paramref name="text"/> (a notice such as "following …").</summary>
    public async Task WaitForNoticeAsync(string text, TimeSpan timeout, CancellationToken ct)
    {
        var seen = await Sluice.Testing.Eventually.TrueWithinAsync(
            () =>
            {
                lock (Errors)
                {
                    return Errors.Any(e => e.Contains(text, StringComparison.Ordinal));
                }
            },
            timeout,
            ct
        );
        seen.ShouldBeTrue(
            $"ctl said '{text}' within {timeout}; stderr: {string.Join('\n', Errors)}"
        );
    }

    /// <summary>Waits for the process to end by itself; its exit code.</summary>
    public async Task<int> ExitAsync(TimeSpan timeout, CancellationToken ct)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(timeout);
        await _process.WaitForExitAsync(limit.Token);
        return _process.ExitCode;
    }

    /// <summary>Ctrl-C, as a user stops following.</summary>
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

        return await ExitAsync(TimeSpan.FromSeconds(10), ct);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
