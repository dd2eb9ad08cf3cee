using System.Text.RegularExpressions;

namespace Sluice.Domain.Naming.Parsing;

/// <summary>Video, audio and source vocabulary. Group names are the corpus values they map to.</summary>
internal static partial class Patterns
{
    // "BD1080p", "WEB720p": a source may be glued in front.
    [GeneratedRegex(
        @"(?:(?<![\p{L}\p{N}])|(?<=BD|BR|WEB|HD))(?<r>\d{3,4})(?<t>[pi])(?:\d{2,3})?" + E,
        Options
    )]
    public static partial Regex Resolution();

    [GeneratedRegex(B + @"(?<w>\d{3,4})\s?[x×*]\s?(?<h>\d{3,4})[pi]?" + E, Options)]
    public static partial Regex Dimensions();

    [GeneratedRegex(B + @"4K" + E, Options)]
    public static partial Regex FourK();

    [GeneratedRegex(
        B
            + @"(?:(?<hddvd>HD[ ._-]?DVD(?:[ ._-]?Rip)?)"
            + @"|(?<bluray>Blu[ ._-]?Ray(?:[ ._-]?(?:Rip|Mux))?|B[DR][ ._-]?Rip(?:[ ._-]?Mux)?|B[DR]Mux|BD(?:25|50|5|9|MV|Remux)?)"
            + @"|(?<web>WEB[ ._-]?DL(?:[ ._-]?(?:Rip|Mux))?|WEB[ ._-]?(?:Rip|Cap|Mux|U?HD)|DL[ ._-]?Mux)"
            + @"|(?<tv>(?:A?HD|PD|SD|UHD)[ ._-]?TV(?:[ ._-]?(?:Rip|Mux))?|(?:Netflix)?UHD[ ._-]?Rip|DSR(?:ip)?|DTH|DVB(?:[ ._-]?Rip)?|TV[ ._-]?Rip|SAT[ ._-]?Rip)"
            + @"|(?<dvd>DVD(?:[ ._-]?(?:Rip|Mux|SCR|R|5|9))?|VIDEO[_ ]TS|DV(?=DivX))"
            + @"|(?<vhs>VHS(?:[ ._-]?Rip)?)"
            + @"|(?<cam>(?:HD)?CAM[ ._-]?Rip|HDCAM)"
            + @"|(?<telesync>HD[ ._-]?TS|TELESYNC|PDVD)"
            + @"|(?<telecine>HD[ ._-]?TC|TELECINE))"
            + EOrSourceGlue,
        Options
    )]
    public static partial Regex Source();

    // Sources that are also ordinary words; they count only among other technical words.
    [GeneratedRegex(
        B + @"(?:(?<web>WEB)|(?<cam>CAM)|(?<telesync>TS)|(?<telecine>TC))" + EOrSourceGlue,
        Options
    )]
    public static partial Regex WeakSource();

    [GeneratedRegex(
        @"(?:(?<![\p{L}\p{N}])|(?<=TV|DL|bit|DV|Rip))(?:(?<h264>[xh][ ._]?264|AVC)|(?<h265>[xh][ ._]?265|HEVC(?:10)?)|(?<xvid>XviD)|(?<divx>DivX(?:[ ._]?\d+(?:[._]\d+)*)?)|(?<mpeg2>MPEG[ ._-]?2|MPG2|H[ ._]?262)|(?<h263>H[ ._]?263)|(?<vc1>VC[ ._-]?1)|(?<vp7>VP7)|(?<vp8>VP8)|(?<vp9>VP9)|(?<av1>AV1))"
            + E,
        Options
    )]
    public static partial Regex VideoCodec();

    [GeneratedRegex(
        B
            + @"(?:(?:HE|LC)[ ._-]?AAC(?:[ ._]?\d\.\d)?|AAC(?:[ ._-]?LC)?(?:x\d|[ ._]?\d\.\d|\d)?|E?-?AC-?3D?(?:[ ._]?\d\.\d)?"
            + @"|DD(?:P|\+)(?:[ ._]?\d[ ._]?\d)?|DD[ ._]?\d[ ._]?\d|DD-?EX|DTS(?:[ ._-]?(?:HD|ES|X|MA|HRA))*(?:[ ._]?\d\.\d)?"
            + @"|MA[ ._]?\d\.\d|TrueHD(?:[ ._]?\d\.\d)?|FLAC(?:x\d|[ ._]?\d\.\d)?|MP[23]|OGG|Vorbis|Opus|Atmos(?:[ ._]?\d\.\d)?|L?PCM"
            + @"|Dolby(?![ ._-]?Vision)(?:[ ._-]?(?:Digital|Atmos|TrueHD))?|\d(?:\.\d)?[ ._]?ch|(?:Dual|Multi)[ ._-]?Audio|HRA)"
            + @"(?:(?![\p{L}\p{N}])|(?<=\+))",
        Options
    )]
    public static partial Regex Audio();

    // "5.1" alone is also a title ("Evangelion 2.0"): weak.
    [GeneratedRegex(B + @"[1-9]\.[0-2]" + E, Options)]
    public static partial Regex Channels();

    [GeneratedRegex(
        B
            + @"(?:1[02][ ._-]?bits?|8[ ._-]?bits?|Hi10P?|Hi444PP?|HDR(?:10(?:\+|Plus)?)?|Dolby[ ._-]?Vision|DoVi|SDR|BT[ ._]?(?:2020|709)"
            + @"|yuv4\d\dp\d\d|HFR|VFR|Half[ ._-]?(?:SBS|OU)|H?SBS|UHD|Ultra[ ._-]?HD|Remux|Hybrid|DXVA|re-?enc(?:oded)?"
            + @"|Upscaled?|Colorized|Open[ ._]?Matte|OAR|IMAX|PAL|NTSC|SECAM|mHD|HDLight|HDRip|DMRip|LAME[\d.*]*)"
            + EOrCodec,
        Options
    )]
    public static partial Regex VideoTag();

    [GeneratedRegex(B + @"(?:mkv|mp4|avi|m4v|wmv|ogm|webm|flv|mpg|mpeg)" + E, Options)]
    public static partial Regex Container();
}
