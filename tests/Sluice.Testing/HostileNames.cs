namespace Sluice.Testing;

/// <summary>
/// File and release names chosen to break things: shell metacharacters, traversal, control and
/// bidi characters, broken UTF-16, huge lengths, reserved names. Shared by the parser specs and
/// the sanitize step's specs on real files.
/// </summary>
public static class HostileNames
{
    private const char LoneHigh = '\uD800';
    private const char LoneLow = '\uDC00';

    public static IReadOnlyList<string> All { get; } =
    [
        // shell metacharacters
        "$(touch x).S01E01.720p.HDTV.x264-GRP.mkv",
        "`rm -rf ~`.2019.1080p.BluRay.x264-GRP.mkv",
        "Show; rm -rf .S01E02.720p.WEB.mkv",
        "Title && reboot (2020) 1080p.mkv",
        "Title | nc evil 80 - S01E01.mkv",
        "Title > /dev/sda (2018).mkv",
        "-rf.S01E01.720p.mkv",
        "--help (2015) 1080p BluRay.mkv",
        "*.S01E01.720p.mkv",
        "?.2019.1080p.mkv",
        "${HOME}.S02E03.1080p.mkv",
        // separators, traversal, absolute paths inside titles
        "../../etc/passwd",
        "..\\..\\Windows\\System32\\config.S01E01.mkv",
        "Show/../../../etc.S01E01.mkv",
        "[..] .. - 01 [720p].mkv",
        "..S01E01.720p.mkv",
        "....2019.1080p.mkv",
        ". .. ....mkv",
        "/etc/shadow.2019.1080p.mkv",
        "C:\\Windows\\notepad.2019.1080p.mkv",
        "AC/DC Live at River Plate (2012) 1080p BluRay x264.mkv",
        "Fate\\Zero - 01 [1080p].mkv",
        "Title/With/Slashes.S01E01.720p.mkv",
        // control characters and invisible formatting
        "Line\nBreak.S01E01.720p.mkv",
        "Carriage\rReturn.2019.1080p.mkv",
        "Null\0Byte.S01E01.mkv",
        "Tab\tbed.S01E01.720p.mkv",
        "Escape\u001B[31mRed.S01E01.mkv",
        "Bell\u0007.2019.1080p.mkv",
        "DEL\u007F.S01E01.mkv",
        "Evil\u202Evkm.exe.S01E01.720p.mkv",
        "Isolate\u2066d\u2069.2019.1080p.mkv",
        "Zero\u200Bwidth\u200D.S01E01.mkv",
        "\u202Egnp.S01E01.720p.mkv",
        "BOM\uFEFF.2019.1080p.mkv",
        // broken UTF-16
        "Lone" + LoneHigh + "High.S01E01.720p.mkv",
        "Lone" + LoneLow + "Low.2019.1080p.mkv",
        LoneHigh + ".S01E01.mkv",
        "End" + LoneHigh,
        // length
        new string('a', 255) + ".S01E01.720p.mkv",
        new string('a', 1000) + ".2019.1080p.mkv",
        string.Concat(Enumerable.Repeat("日本語", 120)) + " - 01 [1080p].mkv",
        string.Concat(Enumerable.Repeat("😀", 200)) + ".S01E01.mkv",
        "[" + new string('G', 300) + "] " + new string('T', 300) + " - 01 [1080p].mkv",
        new string('é', 254) + ".mkv",
        // reserved names
        "CON.S01E01.720p.HDTV.x264-GRP.mkv",
        "nul (2019) 1080p.mkv",
        "COM1.2019.1080p.mkv",
        "LPT9 - 01 [720p].mkv",
        "aux.S01E01.mkv",
        "PRN.txt",
        // trailing dots and spaces, odd whitespace
        "Title... (2019) 1080p.mkv",
        "Title . . .S01E01.mkv",
        "Title   \u00A0  .2019.mkv",
        "   .S01E01.mkv",
        "Title.S01E01.   ",
        "Title\u3000Ideographic.S01E01.mkv",
        // Windows- and SMB-illegal characters
        "Star Wars: Episode IV (1977) 1080p BluRay.mkv",
        "What? (2019) 1080p.mkv",
        "<script>alert(1)</script>.S01E01.mkv",
        "Quote\"d\" (2019).mkv",
        "Pipe|d.S01E01.mkv",
        // emoji and scripts
        "🎬 Movie 🍿 (2020) 1080p WEB-DL.mkv",
        "[Grp] 呪術廻戦 - 01 [1080p].mkv",
        "Ünïcödé Tïtlé.S01E01.720p.mkv",
        "עברית.S01E01.720p.mkv",
        "العربية (2019) 1080p.mkv",
        // degenerate
        "",
        " ",
        ".",
        "..",
        "/",
        "\\",
        ".mkv",
        "S01E01",
        "2019",
        "[]",
        "()",
    ];
}
