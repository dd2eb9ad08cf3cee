using System.Text;

namespace Sluice.Tools.Ffmpeg;

/// <summary>
/// FFmpeg's two escaping levels for a value inside <c>-vf</c> (see "Notes on filtergraph
/// escaping" in ffmpeg-filters). Level 1: a filter option's value, where <c>\ ' :</c> are special.
/// Level 2: the filter's whole argument string inside the graph, where <c>\ ' [ ] , ;</c> are.
/// At both levels unescaped leading and trailing whitespace is trimmed (av_get_token), so
/// whitespace at either end is escaped too; inner whitespace is kept as it is.
/// </summary>
/// <remarks>
/// The encode stage hands ffmpeg a copy under a safe name in a per-job work dir, so hostile names
/// never get here in practice; escaping is still exact, because "in practice" is not an invariant.
/// </remarks>
public static class FilterGraph
{
    public static string EscapeOptionValue(string value) => Escape(value, @"\':");

    public static string EscapeFilterArguments(string arguments) => Escape(arguments, @"\'[],;");

    /// <summary>A complete <c>name=key=value:key=value</c> filter for <c>-vf</c>, each value escaped at both levels.</summary>
    public static string Filter(string name, params (string Key, string Value)[] options) =>
        name
        + "="
        + EscapeFilterArguments(
            string.Join(':', options.Select(o => $"{o.Key}={EscapeOptionValue(o.Value)}"))
        );

    private static string Escape(string text, string specials)
    {
        var escaped = new StringBuilder(text.Length + 8);
        var first = text.TakeWhile(char.IsWhiteSpace).Count();
        var last = text.Length - 1 - text.Reverse().TakeWhile(char.IsWhiteSpace).Count();
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (
                specials.Contains(c, StringComparison.Ordinal)
                || (char.IsWhiteSpace(c) && (i < first || i > last))
            )
            {
                escaped.Append('\\');
            }

            escaped.Append(c);
        }

        return escaped.ToString();
    }
}
