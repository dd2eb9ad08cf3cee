namespace Sluice.Domain.Naming;

/// <summary>What a release name describes, as far as the name alone can tell.</summary>
public enum MediaKind
{
    Unknown,
    Episode,
    Movie,
}
