using Sluice.Domain.Items;
using Sluice.Domain.Naming;
using Sluice.Node.Metadata;

namespace Sluice.Node.Encode;

/// <summary>The kind a profile's <c>When:Kinds</c> tests: anime, episode, movie or unknown.</summary>
/// <remarks>
/// Anime is what sanitize would ask AniList about (fansub numbering, a CRC in brackets), or what
/// AniList matched; anime films and episodes are both "anime". Everything else is the kind
/// sanitize recorded.
/// </remarks>
public static class EncodeKind
{
    public static string Of(Item item)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (
            item.Media?.Details?.Provider == "anilist"
            || MetadataQuery.For(ReleaseParser.Parse(item.Name))?.Kind == MetadataQueryKind.Anime
        )
        {
            return "anime";
        }

        return item.Media?.Kind is "episode" or "movie" ? item.Media.Kind : "unknown";
    }
}
