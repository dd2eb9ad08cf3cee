namespace Sluice.Domain.Naming.Parsing;

/// <summary>Small markers: typed anime episodes (ED2), bonus and film numbers, parts, versions.</summary>
internal static partial class Claimers
{
    private static void ClaimMarkers(ClaimContext context)
    {
        context.ClaimAll(
            Patterns.TypedEpisode(),
            match => new Claim(match.Index, match.Index + match.Length, ClaimKind.Episode)
            {
                Episodes = match.Groups["f"].Success ? [] : [Int(match.Groups["e"].Value)],
                Fractional = match.Groups["f"].Success,
                Seasonless = true,
            }
        );
        context.ClaimAll(Patterns.Bonus(), match => Number(match, ClaimKind.Bonus, "n"));
        context.ClaimAll(Patterns.Film(), match => Number(match, ClaimKind.Film, "n"));
        context.ClaimAll(Patterns.Part(), ClaimKind.Part);
        context.ClaimAll(Patterns.VersionGlued(), match => Number(match, ClaimKind.Version, "v"));
        context.ClaimAll(Patterns.VersionAlone(), match => Number(match, ClaimKind.Version, "v"));
    }
}
