namespace Sluice.Node.Metadata;

public enum ProviderStatus
{
    /// <summary>The provider answered; <see cref="ProviderResult{T}.Value"/> holds the answer.</summary>
    Found,

    /// <summary>The provider answered that it has nothing: worth remembering.</summary>
    NotFound,

    /// <summary>
    /// No answer (down, failing, rate limited, timed out, garbage): say nothing, remember
    /// nothing. The reason was logged where it happened.
    /// </summary>
    Unavailable,
}

/// <summary>What a provider client got: never an exception, so a lookup cannot fail a step.</summary>
public readonly record struct ProviderResult<T>(ProviderStatus Status, T? Value)
{
    /// <summary>Carries a status other than Found over to another value type.</summary>
    public ProviderResult<TOther> Without<TOther>() =>
        Status == ProviderStatus.Found
            ? throw new InvalidOperationException("A found result carries its value.")
            : new ProviderResult<TOther>(Status, default);
}

public static class ProviderResult
{
    public static ProviderResult<T> Found<T>(T value) => new(ProviderStatus.Found, value);

    public static ProviderResult<T> NotFound<T>() => new(ProviderStatus.NotFound, default);

    public static ProviderResult<T> Unavailable<T>() => new(ProviderStatus.Unavailable, default);
}
