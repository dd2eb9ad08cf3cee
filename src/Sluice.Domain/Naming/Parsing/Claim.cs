namespace Sluice.Domain.Naming.Parsing;

internal enum ClaimKind
{
    Group,
    PrefixGroup,
    Website,
    Junk,
    Checksum,
    Size,
    Bitrate,
    Fps,
    Resolution,
    Source,
    VideoCodec,
    Audio,
    VideoTag,
    Container,
    Tag,
    Edition,
    Streaming,
    Language,
    Subtitle,
    Special,
    TypeTag,
    Date,
    Year,
    Episode,
    Season,
    Volume,
    Disc,
    Part,
    Bonus,
    Film,
    Version,
}

/// <summary>
/// A span of the name that a pattern recognised. Claims never overlap: whatever no claim covers
/// is left for the title, episode title and release group.
/// </summary>
internal sealed record Claim(int Start, int End, ClaimKind Kind)
{
    /// <summary>Normalised value: "720p", "bluray", "h264", a language code, the tag as written.</summary>
    public string? Value { get; init; }

    public int? Number { get; init; }
    public int? Season { get; init; }
    public IReadOnlyList<int> Episodes { get; init; } = [];
    public DateOnly? Date { get; init; }

    /// <summary>
    /// A word that is technical only in context (WEB, DC, French, REAL): it counts when it sits
    /// among other technical words or after the title, and is a title word otherwise.
    /// </summary>
    public bool Weak { get; init; }

    /// <summary>An episode marker whose number is not whole (07.5, OP4a): it ends the title but numbers nothing.</summary>
    public bool Fractional { get; init; }

    /// <summary>Episode claims from "Episode 83"-style markers that carry no season.</summary>
    public bool Seasonless { get; init; }

    public int Length => End - Start;

    public bool Overlaps(int start, int end) => start < End && Start < end;
}
