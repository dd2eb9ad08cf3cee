namespace Sluice.Domain.Naming.Parsing;

/// <summary>
/// What one path segment (the file stem or a folder) says. Mutable while one segment is parsed;
/// <see cref="PathMerge"/> combines the segments of a path into a <see cref="ReleaseInfo"/>.
/// </summary>
internal sealed class SegmentFacts
{
    public string? Title { get; set; }
    public int? Season { get; set; }
    public List<int> Episodes { get; } = [];
    public List<int> AbsoluteEpisodes { get; } = [];
    public int? Year { get; set; }
    public string? Group { get; set; }
    public string? Resolution { get; set; }
    public string? Source { get; set; }
    public string? VideoCodec { get; set; }
    public DateOnly? AirDate { get; set; }
    public string? EpisodeTitle { get; set; }
    public string? Checksum { get; set; }
    public int? Version { get; set; }
    public List<string> Languages { get; } = [];
    public List<string> SubtitleTags { get; } = [];

    /// <summary>A marker says "episode" even when no number could be read (07.5, OP4a, a special).</summary>
    public bool EpisodeMarker { get; set; }

    /// <summary>The group came from a lower-case "grp-title" prefix, the weakest kind of evidence.</summary>
    public bool GroupFromPrefix { get; set; }

    /// <summary>The title was read after a leading episode number, so it is probably the episode's own title.</summary>
    public bool TitleAfterEpisode { get; set; }

    /// <summary>Fansub conventions: a leading [Group], a CRC32, OVA/Raws/VOSTFR words.</summary>
    public bool AnimeStyle { get; set; }

    public bool HasFilmNumber { get; set; }

    /// <summary>Technical words in brackets ("[HD_1280x720]"): not a dotted scene name, so no "117 = S01E17".</summary>
    public bool BracketedTechnical { get; set; }

    /// <summary>Only a number follows the leading bracket ("[Keroro].148"): the bracket names the show.</summary>
    public bool GroupIsTitle { get; set; }

    /// <summary>An "-x02-" extra: a show's bonus unless a year or film number says film.</summary>
    public bool HasBonus { get; set; }

    /// <summary>Unambiguous technical or episode markers: zero for a hash, several for a scene name.</summary>
    public int Evidence { get; set; }

    public MediaKind Kind { get; set; }

    public bool HasEpisodeNumbers => Episodes.Count > 0 || AbsoluteEpisodes.Count > 0;
}
