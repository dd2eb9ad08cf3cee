namespace Sluice.Testing;

/// <summary>
/// Polls a condition that depends on real processes (a tool started, a pid died). Only the
/// bound and the polling interval use the system clock; the code under test keeps its injected one.
/// </summary>
public static class Eventually
{
    public static async Task<bool> TrueWithinAsync(
        Func<bool> condition,
        TimeSpan timeout,
        CancellationToken cancellationToken
    )
    {
        var started = TimeProvider.System.GetTimestamp();
        while (!condition())
        {
            if (TimeProvider.System.GetElapsedTime(started) > timeout)
            {
                return false;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(20), TimeProvider.System, cancellationToken);
        }

        return true;
    }

    /// <summary>
    /// Advances a manual clock in steps until <paramref name="task"/> completes: the code under
    /// test creates its timers at moments the test cannot observe, so one big jump could land
    /// before the timer exists.
    /// </summary>
    public static async Task AdvanceUntilCompletedAsync(
        this ManualTimeProvider time,
        Task task,
        TimeSpan step,
        TimeSpan timeout,
        CancellationToken cancellationToken
    )
    {
        var started = TimeProvider.System.GetTimestamp();
        while (!task.IsCompleted)
        {
            if (TimeProvider.System.GetElapsedTime(started) > timeout)
            {
                throw new TimeoutException(
                    $"The task did not complete within {timeout} of real time."
                );
            }

            time.Advance(step);
            await Task.WhenAny(
                task,
                Task.Delay(TimeSpan.FromMilliseconds(20), TimeProvider.System, cancellationToken)
            );
        }
    }
}
