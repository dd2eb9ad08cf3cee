namespace Sluice.Domain.Engine;

/// <summary>
/// Exponential backoff with jitter for step retries: base·2^(attempt-1), capped, then spread
/// by ±<see cref="JitterFraction"/> so items that failed together do not retry together.
/// </summary>
public sealed record Backoff(TimeSpan Base, TimeSpan Max, double JitterFraction = 0.2)
{
    /// <param name="attempt">The attempt that just failed, from 1.</param>
    /// <param name="jitterSample">A uniform sample in [0, 1); pass Random.Shared.NextDouble().</param>
    public TimeSpan Delay(int attempt, double jitterSample)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attempt, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(jitterSample, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(jitterSample, 1);
        var exponent = Math.Min(attempt - 1, 30);
        var raw = Math.Min(Base.TotalMilliseconds * Math.Pow(2, exponent), Max.TotalMilliseconds);
        var spread = 1 + JitterFraction * (2 * jitterSample - 1);
        return TimeSpan.FromMilliseconds(Math.Min(raw * spread, Max.TotalMilliseconds));
    }
}
