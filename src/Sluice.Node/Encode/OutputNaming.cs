using System.Text;

namespace Sluice.Node.Encode;

/// <summary>
/// Where an encoded output goes: a profile's <c>Output</c> template, rendered from the source's
/// library path, under <c>Encode:OutputFolder</c>, with the container's extension. Pure.
/// </summary>
/// <remarks>
/// Placeholders: <c>{Path}</c> the source's library path without extension ("Shows/X/Season
/// 01/X - S01E01"), <c>{Folder}</c> its folder, <c>{Name}</c> its file name without extension,
/// <c>{Profile}</c> the profile's name. The values come from a sanitized library path, and a
/// template that could leave the output folder (absolute, "..") is refused at start.
/// </remarks>
public static class OutputNaming
{
    public static IReadOnlyList<string> Placeholders { get; } =
    ["Path", "Folder", "Name", "Profile"];

    /// <summary>The output's path relative to the library root, for attempt <paramref name="copy"/> (1, then " (2)", " (3)"… when a name is taken).</summary>
    public static string Render(
        string outputFolder,
        string template,
        string sourceLibraryPath,
        string profile,
        string extension,
        int copy = 1
    )
    {
        var withoutExtension = Path.ChangeExtension(sourceLibraryPath, null);
        var values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Path"] = withoutExtension,
            ["Folder"] = Path.GetDirectoryName(withoutExtension) ?? "",
            ["Name"] = Path.GetFileName(withoutExtension),
            ["Profile"] = profile,
        };
        var rendered = Fill(template, values).Trim('/');
        var suffix = copy > 1 ? $" ({copy})" : "";
        return $"{outputFolder.Trim('/')}/{rendered}{suffix}{extension}";
    }

    /// <summary>Null when the template is usable, else what is wrong with it.</summary>
    public static string? Problem(string template)
    {
        if (string.IsNullOrWhiteSpace(template))
        {
            return "is empty";
        }

        try
        {
            var sample = Fill(
                template,
                Placeholders.ToDictionary(p => p, p => p, StringComparer.Ordinal)
            );
            return sample.StartsWith('/') || sample.Split('/').Any(s => s is ".." or ".")
                    ? $"'{template}' would leave the output folder"
                : sample.Trim('/').Length == 0 ? $"'{template}' renders to nothing"
                : null;
        }
        catch (FormatException e)
        {
            return e.Message;
        }
    }

    private static string Fill(string template, Dictionary<string, string> values)
    {
        var result = new StringBuilder();
        for (var i = 0; i < template.Length; i++)
        {
            var c = template[i];
            if (c == '}')
            {
                throw new FormatException($"'{template}' has a '}}' without its '{{'");
            }

            if (c != '{')
            {
                result.Append(c);
                continue;
            }

            var end = template.IndexOf('}', i);
            if (end < 0)
            {
                throw new FormatException($"'{template}' has a '{{' without its '}}'");
            }

            var name = template[(i + 1)..end];
            result.Append(
                values.TryGetValue(name, out var value)
                    ? value
                    : throw new FormatException(
                        $"'{template}' names {{{name}}}; placeholders are {string.Join(", ", Placeholders.Select(p => $"{{{p}}}"))}"
                    )
            );
            i = end;
        }

        return result.ToString();
    }
}
