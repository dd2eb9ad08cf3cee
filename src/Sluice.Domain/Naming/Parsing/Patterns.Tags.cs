using System.Text.RegularExpressions;

namespace Sluice.Domain.Naming.Parsing;

/// <summary>Release tags, editions, streaming services, languages and subtitle markers.</summary>
internal static partial class Patterns
{
    [GeneratedRegex(
        B
            + @"(?:PROPER|REPACK|RERIP|iNTERNAL|LIMITED|UNRATED|EXTENDED|UNCUT|UNCENSORED|REMASTER(?:ED)?|RESTORED|THEATRICAL"
            + @"|READ[ ._]?NFO|NFO[ ._]?FIX|DIR[ ._]?FIX|PROOF[ ._]?FIX|SAMPLE[ ._]?FIX|SYNC[ ._]?FIX|CONVERT|DOKU|DOCU|FESTiVAL"
            + @"|PREAiR|RETAIL|DUBBED|Dublado|Doblado|2in1|SPLIT[ ._]SCENES|Batch|SCR|R5|Screener)"
            + E,
        Options
    )]
    public static partial Regex Tag();

    // Words that are tags only in context: "Real.Time.With.Bill.Maher", "Final Fantasy", "Aliens.SE".
    [GeneratedRegex(
        B
            + @"(?:REAL|COMPLETE|Complet|FINAL|END|FiX|STV|Custom|Dub|XXX|Preview|WS|FS|DV|HQ|LQ|HR|OM|SE|DC|3D|HD|R2|Chap|AUDIO)"
            + E,
        Options
    )]
    public static partial Regex WeakTag();

    [GeneratedRegex(
        B
            + @"(?:(?:(?:Special|Collector['’]?s?|Criterion|Ultimate|Limited|Extended|Director['’]?s?|Directors|Theatrical|Alternative|Alternate"
            + @"|Final|Unrated|Uncut|Remastered|Anniversary|Deluxe|Definitive|Integral|Fan|Complete|Uncensored|IMAX|Diamond|Platinum|Restored)[ ._-]*){1,3}"
            + @"(?:Edition|Collection|Cut|Version)|(?:Edition|Version)[ ._-]*(?:Collector|Longue|Integrale|Limitee|Definitive))"
            + E,
        Options
    )]
    public static partial Regex Edition();

    [GeneratedRegex(
        B
            + @"(?:AMZN|NF|HULU|DSNP|DSNY|ATVP|HMAX|HBO|iP|DCU|CR|VIKI|MBCVOD|iTunes(?:HD)?|HDiTunes|iT|Netflix(?:UHD)?|Amazon(?:HD)?"
            + @"|BTSportHD|DM|FREE|ETV|BET|AE|PCOK|STAN|MBS|CX|BS11|NHK|NTV|AT-X)"
            + E,
        Options
    )]
    public static partial Regex Streaming();

    [GeneratedRegex(
        B
            + @"(?:English|Eng|French|Français|Francais|FR|TRUEFRENCH|VFF|VFQ|VF2|German|Deutsch|Ger|SWiSSGERMAN|Spanish|Español|Espanol"
            + @"|Castellano|Latino|ESP|Italian|ITA|Japanese|JAP|Jpn|JP|Russian|RUS|RU|Ukrainian|Ukr|Hindi|Korean|KOR|Chinese|CHS|CHT"
            + @"|Big5|GB|繁体|简体|繁體|簡體|Mandarin|Cantonese|Dutch|NL|Flemish|Swedish|SWE|Norwegian|NOR|Danish|DAN|Finnish|FIN|Polish"
            + @"|PL|POL|Portuguese|PT-BR|PT|BR|Brazilian|Hungarian|HUN|Czech|CZ|CZE|Romanian|RO|ROM|Turkish|TUR|Greek|GRE|Hebrew|HEB"
            + @"|Arabic|ARA|Thai|Vietnamese|VIE|QC|MULTi|DUAL)"
            + E,
        Options
    )]
    public static partial Regex Language();

    // Two-letter codes that are also common words ("de", "es", "it") count only in capitals.
    [GeneratedRegex(B + @"(?:DE|ES|IT|EN|VF|VO|VOF|DL)" + E, CaseSensitive)]
    public static partial Regex LanguageUpper();

    [GeneratedRegex(
        B
            + @"(?:VOSTFR|VOST|Subbed|SUBFORCED|FASTSUB|Hard[ ._-]?subs?|Soft[ ._-]?subs?|Multi[ ._-]?Subs?|Multiple[ ._]Subtitles?"
            + @"|Legendad[oa]s?|Legendas?|Subtitulado|Soft[ ._]Subtitles|SWESUB|NL[ ._-]?Subs|Heb[ ._-]?Subs|Sub[ ._-]?(?:ITA|FR|Eng|ES|Esp|PT)"
            + @"|Eng[ ._]Subs?|ESubs?)"
            + E,
        Options
    )]
    public static partial Regex Subtitle();

    [GeneratedRegex(B + @"(?:Subtitles|Subs|Sub|HC|ST)" + E, Options)]
    public static partial Regex WeakSubtitle();
}
