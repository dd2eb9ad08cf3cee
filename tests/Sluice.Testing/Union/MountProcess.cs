using System.Diagnostics;

namespace Sluice.Testing.Union;

/// <summary>
/// A FUSE daemon run in the foreground (rclone mount, mergerfs -f) so the test owns its pid:
/// arguments as a list, both streams drained (a daemon blocked on a full pipe stops answering
/// the kernel, and every reader of the mount hangs with it), its output kept for failure messages.
/// </summary>
internal sealed class MountProcess : IDisposable
{
    private readonly Process _process;
    private readonly List<string> _output = [];
    private bool _disposed;

    private MountProcess(Process process) => _process = process;

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

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

    public static MountProcess Start(string tool, IEnumerable<string> arguments)
    {
        var info = new ProcessStartInfo(tool)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        var process = Process.Start(info)!;
        var mount = new MountProcess(process);
        process.OutputDataReceived += (_, e) => mount.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => mount.Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        process.StandardInput.Close();
        return mount;
    }

    /// <summary>SIGKILL: the daemon gets no chance to unmount, as in a crash or the OOM killer.</summary>
    public void Kill()
    {
        if (_disposed)
        {
            return;
        }

        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException) { }

        _process.WaitForExit(5000);
    }

    /// <summary>Waits for the daemon to leave on its own (it does once its mount is unmounted).</summary>
    public bool WaitForExit(TimeSpan timeout) =>
        _process.WaitForExit((int)timeout.TotalMilliseconds);

    public void Dispose()
    {
        Kill();
        _disposed = true;
        _process.Dispose();
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
}
