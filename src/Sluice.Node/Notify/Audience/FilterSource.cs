using System.Text.RegularExpressions;
using Sluice.Node.Metadata;

namespace Sluice.Node.Notify.Audience;

public enum SourceKind
{
    /// <summary>An AniList user's anime list.</summary>
    AniList,

    /// <summary>A MyAnimeList user's anime list.</summary>
    MyAnimeList,

    /// <summary>Words that must appear, whole, in one of the show's titles (normalized like release names).</summary>
    Term,

    /// <summary>A case-insensitive .NET regular expression tried against each of the show's titles.</summary>
    Regex,
}

/// <summary>
/// One thing a channel's filter accepts, written "anilist:USER", "mal:USER", "term:WORDS" or
/// "regex:PATTERN" in configuration, ctl and the database alike. User names are kept in lower
/// case (both services treat them so), so one list is fetched once whoever spells it how.
/// </summary>
public sealed record FilterSource(SourceKind Kind, string Value)
{
    private static readonly TimeSpan RegexBudget = TimeSpan.FromMilliseconds(100);

    public bool IsList => Kind is SourceKind.AniList or SourceKind.MyAnimeList;

    public string Text =>
        Kind switch
        {
            SourceKind.AniList => $"anilist:{Value}",
            SourceKind.MyAnimeList => $"mal:{Value}",
            SourceKind.Term => $"term:{Value}",
            SourceKind.Regex => $"regex:{Value}",
            _ => throw new ArgumentOutOfRangeException(nameof(Kind), Kind, "Unknown source."),
        };

    public override string ToString() => Text;

    /// <summary>The source, or null with <paramref name="error"/> saying what is wrong with <paramref name="text"/>.</summary>
    public static FilterSource? Parse(string? text, out string? error)
    {
        error = null;
        var parts = (text ?? "").Split(':', 2);
        var value = parts.Length == 2 ? parts[1].Trim() : "";
        var kind = parts[0].Trim().ToLowerInvariant() switch
        {
            "anilist" => SourceKind.AniList,
            "mal" or "myanimelist" => SourceKind.MyAnimeList,
            "term" => SourceKind.Term,
            "regex" => SourceKind.Regex,
            _ => (SourceKind?)null,
        };
        if (kind is null || parts.Length != 2)
        {
            error =
                $"'{text}' is not a filter source: write anilist:USER, mal:USER, term:WORDS or regex:PATTERN.";
            return null;
        }

        if (value.Length == 0)
        {
            error = $"'{text}' names nothing after the colon.";
            return null;
        }

        switch (kind)
        {
            case SourceKind.AniList
            or SourceKind.MyAnimeList
                when !value.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-'):
                error = $"'{value}' is not a user name (letters, digits, _ and - only).";
                return null;
            case SourceKind.AniList or SourceKind.MyAnimeList:
                value = value.ToLowerInvariant();
                break;
            case SourceKind.Term when TitleKey.Of(value).Length == 0:
                error = $"The term '{value}' has no letters or digits to match.";
                return null;
            case SourceKind.Regex:
                try
                {
                    _ = new Regex(value, RegexOptions.None, RegexBudget);
                }
                catch (ArgumentException e)
                {
                    error = $"'{value}' is not a regular expression: {e.Message}";
                    return null;
                }

                break;
        }

        return new FilterSource(kind.Value, value);
    }

    /// <summary>Whether a term or pattern matches one of <paramref name="titles"/>; lists match elsewhere.</summary>
    public bool MatchesTitles(ShowTitles titles) =>
        Kind switch
        {
            SourceKind.Term => titles.ContainsWords(TitleKey.Of(Value)),
            SourceKind.Regex => titles.Raw.Any(t =>
            {
                try
                {
                    return Regex.IsMatch(
                        t,
                        Value,
                        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant,
                        RegexBudget
                    );
                }
                catch (RegexMatchTimeoutException)
                {
                    return false;
                }
            }),
            _ => false,
        };
}
