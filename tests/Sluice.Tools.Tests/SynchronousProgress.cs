namespace Sluice.Tools.Tests;

/// <summary>
/// An IProgress that reports on the caller's thread: <see cref="Progress{T}"/> posts to the
/// thread pool, so a test could look before the last report arrived.
/// </summary>
public sealed class SynchronousProgress<T>(Action<T> onReport) : IProgress<T>
{
    public void Report(T value) => onReport(value);
}
