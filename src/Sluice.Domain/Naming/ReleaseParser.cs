using System.Text.RegularExpressions;
using Sluice.Domain.Naming.Parsing;

namespace Sluice.Domain.Naming;

/// <summary>
/// Reads what a release or file name says: anime fansub names ("[Group] Title - 07 [1080p][CRC]"),
/// scene and P2P TV ("Show.S01E02.720p.HDTV.x264-GRP", "1x02", daily "2024.01.15"), films
/// ("Title.2019.1080p.BluRay.x264-GRP", "Title (2019)"), with folder context when given a
/// relative path ("Show/Season 2/02.mkv").
/// </summary>
/// <remarks>
/// Rules, not lists of known titles: patterns claim the parts they recognise, words that are
/// technical only in context (WEB, French, DC) count only in context, and the title is what is
/// left before the first marker. Accuracy against other projects' test corpora is measured by
/// the scoring test and the benchmark.
/// </remarks>
public static class ReleaseParser
{
    /// <summary>Parses <paramref name="name"/> (a file name or a '/'-separated relative path). Never throws.</summary>
    public static ReleaseInfo Parse(string name)
    {
        try
        {
            return PathMerge.Parse(name);
        }
        catch (Exception exception)
            when (exception
                    is ArgumentException
                        or IndexOutOfRangeException
                        or InvalidOperationException
                        or RegexMatchTimeoutException
                        or OverflowException
                        or FormatException
            )
        {
            // A name is hostile input and the parser is heuristics: a bug in one rule must leave
            // the file Unsorted, not stop the ingest worker. Tests run a fuzz corpus to keep this
            // path cold.
            return new ReleaseInfo { Kind = MediaKind.Unknown, IsConfident = false };
        }
    }
}
