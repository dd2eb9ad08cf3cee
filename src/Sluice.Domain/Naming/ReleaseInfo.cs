namespace Sluice.Domain.Naming;

/// <summary>
/// Everything <see cref="ReleaseParser"/> could read from a release or file name. Every field is
/// optional: names are written by hand, by scene tools and by fansub groups, and the parser
/// reports only what it found. Values come from untrusted input and must be sanitized
/// (<see cref="PathSegment.Sanitize"/>) before they become part of a path.
/// </summary>
public sealed record ReleaseInfo
{
    public string? Title { get; init; }
    public int? Season { get; init; }
    public IReadOnlyList<int> Episodes { get; init; } = [];

    /// <summary>Absolute (series-wide) numbers, as anime releases count them.</summary>
    public IReadOnlyList<int> AbsoluteEpisodes { get; init; } = [];
    public int? Year { get; init; }
    public string? ReleaseGroup { get; init; }

    /// <summary>"720p" style: lines and scan type.</summary>
    public string? Resolution { get; init; }

    /// <summary>Coarse origin in the corpus vocabulary: web, bluray, tv, dvd, hddvd, vhs, cam, telesync, telecine.</summary>
    public string? Source { get; init; }

    /// <summary>Corpus vocabulary: h264, h265, xvid, divx, mpeg2, vc1, h263, vp7, vp8, vp9, av1.</summary>
    public string? VideoCodec { get; init; }
    public MediaKind Kind { get; init; }
    public DateOnly? AirDate { get; init; }
    public string? EpisodeTitle { get; init; }

    /// <summary>The CRC32 fansub groups put in brackets, upper case.</summary>
    public string? Checksum { get; init; }

    /// <summary>Release revision: the 2 of "07v2".</summary>
    public int? Version { get; init; }

    /// <summary>Without the dot, lower case.</summary>
    public string? Extension { get; init; }

    /// <summary>Audio languages as ISO 639-1 codes, or "multi".</summary>
    public IReadOnlyList<string> Languages { get; init; } = [];

    /// <summary>Subtitle markers as written (VOSTFR, Subbed, HebSubs...).</summary>
    public IReadOnlyList<string> SubtitleTags { get; init; } = [];

    /// <summary>Enough to sort into Shows or Movies rather than Unsorted.</summary>
    public bool IsConfident { get; init; }
}
