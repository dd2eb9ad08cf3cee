using System.ComponentModel;
using System.Diagnostics;

namespace Sluice.Tools.Processes;

/// <summary>
/// The one way Sluice starts a tool (CliWrap's shape, which the mirror lacks).
/// </summary>
/// <remarks>
/// Invariants:
/// <list type="bullet">
/// <item>No shell: arguments go to the executable through <c>ArgumentList</c>, one by one.</item>
/// <item>Both output streams are drained concurrently from start to end, so a chatty tool
/// never blocks on a full pipe; callbacks run on the draining tasks, one line at a time per
/// stream, in order.</item>
/// <item>Every child carries <c>SLUICE_OWNER=&lt;OwnerTag&gt;</c> (set last, a command cannot
/// override it) and a unique <c>SLUICE_RUN</c> id, inherited by anything it spawns.</item>
/// <item>When <see cref="RunAsync"/> returns or throws, no process of that run is still
/// running: a cancelled run is stopped gracefully, then killed as a tree, then swept by its
/// run id; a throwing callback kills the tree at once.</item>
/// <item>Cancellation always ends in <see cref="OperationCanceledException"/>, even when the
/// tool exited 0 after a graceful stop: its output is partial and the caller must discard
/// it.</item>
/// <item>Grace periods are timed with the injected <see cref="TimeProvider"/>.</item>
/// </list>
/// </remarks>
public sealed partial class ProcessRunner
{
    public const string OwnerVariable = "SLUICE_OWNER";
    public const string RunVariable = "SLUICE_RUN";

    private readonly TimeProvider _time;
    private readonly ProcessRunnerOptions _options;

    public ProcessRunner(TimeProvider time, ProcessRunnerOptions options)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(options);
        _time = time;
        _options = options;
    }

    public string OwnerTag => _options.OwnerTag;

    public Task<ProcessResult> RunAsync(
        ProcessCommand command,
        Action<string>? onStdoutLine = null,
        Action<string>? onStderrLine = null,
        CancellationToken cancellationToken = default
    ) => RunAsync(command, null, onStdoutLine, onStderrLine, cancellationToken);

    /// <summary>As the other overload; <paramref name="onStarted"/> gets the pid once the tool runs (a supervisor reports it).</summary>
    public async Task<ProcessResult> RunAsync(
        ProcessCommand command,
        Action<int>? onStarted,
        Action<string>? onStdoutLine,
        Action<string>? onStderrLine,
        CancellationToken cancellationToken
    )
    {
        ArgumentNullException.ThrowIfNull(command);
        if (command.GracefulStop == GracefulStop.WriteQ && command.StandardInput is not null)
        {
            throw new ArgumentException(
                "A command stopped with 'q' on stdin cannot also take its input from stdin.",
                nameof(command)
            );
        }

        // Never start a tool for a job that is already cancelled (e.g. its lease is lost).
        cancellationToken.ThrowIfCancellationRequested();

        var runId = Guid.NewGuid().ToString("N");
        using var process = new Process { StartInfo = CreateStartInfo(command, runId) };
        var startedAt = _time.GetTimestamp();
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            throw new ProcessStartException(command.Name, e);
        }

        // Valid until RunAsync returns: after that the pid may belong to anything.
        onStarted?.Invoke(process.Id);

        var stdout = new LineTail(_options.TailLines, _options.TailLineLength);
        var stderr = new LineTail(_options.TailLines, _options.TailLineLength);
        Task[] io =
        [
            PumpAsync(process.StandardOutput, stdout, onStdoutLine),
            PumpAsync(process.StandardError, stderr, onStderrLine),
            FeedStandardInputAsync(process, command),
        ];
        var finished = WhenAllOrFirstFault([
            process.WaitForExitAsync(CancellationToken.None),
            .. io,
        ]);

        try
        {
            await finished.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await StopAsync(process, command, runId);
            await DrainAsync(io);
            throw new OperationCanceledException(
                $"{command.Name} was stopped because its job was cancelled; its output is partial.",
                cancellationToken
            );
        }
        catch
        {
            // A callback threw (a caller bug): nobody is listening any more, so nothing may keep running.
            KillTree(process, runId);
            throw;
        }

        var result = new ProcessResult(
            process.ExitCode,
            stdout.Snapshot(command.Redact),
            stderr.Snapshot(command.Redact),
            _time.GetElapsedTime(startedAt)
        );
        return command.SuccessExitCodes.Contains(result.ExitCode)
            ? result
            : throw new ProcessFailedException(
                command.Name,
                result.ExitCode,
                result.StandardErrorTail
            );
    }

    // Task.WhenAll would wait for the tool to exit before reporting a failed callback.
    private static async Task WhenAllOrFirstFault(List<Task> pending)
    {
        while (pending.Count > 0)
        {
            var done = await Task.WhenAny(pending);
            await done;
            pending.Remove(done);
        }
    }

    private ProcessStartInfo CreateStartInfo(ProcessCommand command, string runId)
    {
        var info = new ProcessStartInfo(command.TargetPath)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = command.WorkingDirectory ?? "",
        };
        foreach (var argument in command.Arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in command.EnvironmentVariables)
        {
            if (value is null)
            {
                info.Environment.Remove(name);
            }
            else
            {
                info.Environment[name] = value;
            }
        }

        info.Environment[OwnerVariable] = _options.OwnerTag;
        info.Environment[RunVariable] = runId;
        return info;
    }

    private static async Task PumpAsync(StreamReader reader, LineTail tail, Action<string>? onLine)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            tail.Add(line);
            onLine?.Invoke(line);
        }
    }

    // Stdin stays open only for commands stopped with "q"; every other tool sees EOF, so one
    // that unexpectedly waits for input fails instead of hanging.
    private static async Task FeedStandardInputAsync(Process process, ProcessCommand command)
    {
        try
        {
            if (command.StandardInput is { } text)
            {
                await process.StandardInput.WriteAsync(text);
                await process.StandardInput.FlushAsync();
            }

            if (command.GracefulStop != GracefulStop.WriteQ)
            {
                process.StandardInput.Close();
            }
        }
        catch (IOException)
        {
            // The tool exited or closed its stdin before reading everything: not our failure to report.
        }
    }
}
