namespace Sluice.Domain.Naming.Templates;

/// <summary>One piece of a template segment: literal text, or a placeholder with its format ("{Season:00}").</summary>
internal sealed record TemplatePart(string Text, TemplateField? Field = null, string? Format = null)
{
    public bool IsLiteral => Field is null;
}

/// <summary>The values a template may use.</summary>
internal enum TemplateField
{
    Title,
    Year,
    Season,
    Episode,
    EpisodeTitle,
    ReleaseGroup,
    Resolution,
    Source,
    VideoCodec,
    AirDate,
}
