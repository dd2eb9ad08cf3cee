using System.Text;

namespace Sluice.Domain.Naming.Templates;

/// <summary>
/// A parsed, validated naming template: '/'-separated segments of literal text and placeholders.
/// Validation happens once, when settings are loaded, so that rendering can trust the literal
/// parts and only has to sanitize values read from names.
/// </summary>
internal sealed class NamingTemplate
{
    private NamingTemplate(string source, IReadOnlyList<IReadOnlyList<TemplatePart>> segments)
    {
        Source = source;
        Segments = segments;
    }

    public string Source { get; }

    public IReadOnlyList<IReadOnlyList<TemplatePart>> Segments { get; }

    /// <summary>Parses <paramref name="template"/> for <paramref name="role"/>; throws <see cref="NamingTemplateException"/>.</summary>
    public static NamingTemplate Parse(
        string template,
        string role,
        string category,
        IReadOnlyList<TemplateField> required
    )
    {
        if (string.IsNullOrWhiteSpace(template))
        {
            throw new NamingTemplateException($"The {role} template is empty.");
        }

        var segments = template.Split('/').Select(segment => ParseSegment(segment, role)).ToArray();
        if (segments.Length < 2 || segments.Any(segment => segment.Count == 0))
        {
            throw new NamingTemplateException(
                $"The {role} template '{template}' needs a category and a file name, with no empty segment."
            );
        }

        if (segments[0] is not [{ IsLiteral: true } first] || first.Text != category)
        {
            throw new NamingTemplateException(
                $"The {role} template must start with '{category}/': '{template}'."
            );
        }

        foreach (var field in required)
        {
            if (!segments.Any(segment => segment.Any(part => part.Field == field)))
            {
                throw new NamingTemplateException(
                    $"The {role} template lacks the placeholder {{{field}}}: '{template}'.",
                    $"{{{field}}}"
                );
            }
        }

        return new NamingTemplate(template, segments);
    }

    private static List<TemplatePart> ParseSegment(string segment, string role)
    {
        var parts = new List<TemplatePart>();
        var literal = new StringBuilder();
        for (var i = 0; i < segment.Length; i++)
        {
            if (segment[i] == '}')
            {
                throw new NamingTemplateException(
                    $"A '}}' without '{{' in the {role} template segment '{segment}'."
                );
            }

            if (segment[i] != '{')
            {
                literal.Append(segment[i]);
                continue;
            }

            var close = segment.IndexOf('}', i);
            if (close < 0)
            {
                throw new NamingTemplateException(
                    $"Unclosed placeholder '{segment[i..]}' in the {role} template.",
                    segment[i..]
                );
            }

            AddLiteral(parts, literal, role);
            parts.Add(ParsePlaceholder(segment[i..(close + 1)], role));
            i = close;
        }

        AddLiteral(parts, literal, role);
        if (
            parts.All(part => part.IsLiteral)
            && string.Concat(parts.Select(part => part.Text)).Trim() is "." or ".."
        )
        {
            throw new NamingTemplateException($"The {role} template has a '{segment}' segment.");
        }

        return parts;
    }

    private static void AddLiteral(List<TemplatePart> parts, StringBuilder literal, string role)
    {
        if (literal.Length == 0)
        {
            return;
        }

        var text = literal.ToString();
        literal.Clear();
        if (!PathSegment.IsSafe(text.Trim().Length == 0 ? "x" : "x" + text + "x"))
        {
            throw new NamingTemplateException($"Unsafe text '{text}' in the {role} template.");
        }

        parts.Add(new TemplatePart(text));
    }

    private static TemplatePart ParsePlaceholder(string placeholder, string role)
    {
        var inner = placeholder[1..^1];
        var colon = inner.IndexOf(':', StringComparison.Ordinal);
        var name = colon < 0 ? inner : inner[..colon];
        var format = colon < 0 ? null : inner[(colon + 1)..];
        if (
            !name.All(char.IsAsciiLetter)
            || !Enum.TryParse<TemplateField>(name, ignoreCase: false, out var field)
        )
        {
            throw new NamingTemplateException(
                $"Unknown placeholder {placeholder} in the {role} template.",
                placeholder
            );
        }

        if (format is not null && !IsValidFormat(field, format))
        {
            throw new NamingTemplateException(
                $"Bad format in placeholder {placeholder} of the {role} template.",
                placeholder
            );
        }

        return new TemplatePart(placeholder, field, format);
    }

    private static bool IsValidFormat(TemplateField field, string format) =>
        field switch
        {
            TemplateField.Year or TemplateField.Season or TemplateField.Episode => format.Length
                is > 0
                    and <= 4
                && format.All(c => c == '0'),
            TemplateField.AirDate => format.Length > 0
                && format.All(c => c is 'y' or 'M' or 'd' or '-' or '.' or ' ' or '_'),
            TemplateField.Title
            or TemplateField.EpisodeTitle
            or TemplateField.ReleaseGroup
            or TemplateField.Resolution
            or TemplateField.Source
            or TemplateField.VideoCodec => false,
            _ => throw new ArgumentOutOfRangeException(
                nameof(field),
                field,
                "Unknown template field."
            ),
        };
}
