using Sluice.Domain.Items;

namespace Sluice.Node.Tier;

/// <summary>Re-checks, right now, that a recorded vault copy is still there and still whole.</summary>
public interface IVaultVerifier
{
    /// <returns>Null when the copy verifies; otherwise why it does not.</returns>
    /// <param name="relativePath">The artifact's path below the destination's root (its library path).</param>
    Task<string?> ProblemWithAsync(VaultCopy copy, string relativePath, CancellationToken ct);
}
