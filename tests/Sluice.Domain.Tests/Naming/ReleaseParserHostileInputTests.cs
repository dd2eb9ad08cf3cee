using System.Text;
using Sluice.Domain.Naming;

namespace Sluice.Domain.Tests.Naming;

/// <summary>Names are untrusted: the parser must return, never throw, on anything.</summary>
public sealed class ReleaseParserHostileInputTests
{
    public static TheoryData<string> Hostile() =>
        [
            "",
            " ",
            ".",
            "..",
            "/",
            "\\\\",
            "[",
            "]]]]",
            "((((((((((",
            "-",
            "- - - -",
            "\u0000\u0001\u0002",
            "\n\r\t",
            "\uD800",
            "\uDC00abc\uD800",
            "\u202E1080p.S01E01\u202C",
            new string('a', 1000),
            new string('1', 1000),
            string.Concat(Enumerable.Repeat("[a]", 400)),
            string.Concat(Enumerable.Repeat("S01E01", 200)),
            string.Concat(Enumerable.Repeat("1x", 500)),
            string.Concat(Enumerable.Repeat("2010.", 200)),
            string.Concat(Enumerable.Repeat("- 01 ", 200)),
            "S999999999999E999999999999",
            "Show.S01E01-E99999999999999999999",
            "99999999999999999999x99999999999999999999",
            "Title (9999999999999999999)",
            "#99999999999999999999",
            "Cap.99999999",
            "第99999999999話",
            "../../etc/passwd",
            "/absolute/path/S01E01.mkv",
            "C:\\Windows\\System32\\con.mkv",
            "$(touch x).S01E01.mkv",
        ];

    [Theory]
    [MemberData(nameof(Hostile), DisableDiscoveryEnumeration = true)]
    public void Parsing_a_hostile_name_returns_without_throwing(string name)
    {
        var info = ReleaseParser.Parse(name);

        info.ShouldNotBeNull();
    }

    [Fact]
    public void Parsing_random_names_never_throws()
    {
        // Fixed seed: a failure reproduces. The alphabet is weighted towards the characters the
        // rules care about (digits, separators, brackets, marker letters).
        const string alphabet =
            "0123456789SsEexXvVpP._- []()【】（）#&+~!第話期abcdefghKLMNOPQRTUWYZ\u0000\u202E\uD800\uDC00😀";
        var random = new Random(20240115);
        for (var round = 0; round < 3000; round++)
        {
            var length = random.Next(0, 120);
            var name = new StringBuilder(length);
            for (var i = 0; i < length; i++)
            {
                name.Append(alphabet[random.Next(alphabet.Length)]);
            }

            Should.NotThrow(() => ReleaseParser.Parse(name.ToString()), name.ToString());
        }
    }

    [Fact]
    public void A_long_name_parses_quickly()
    {
        var name = string.Concat(Enumerable.Repeat("Word.01.", 125)) + "S01E01.720p.HDTV.x264-GRP";

        var elapsed = System.Diagnostics.Stopwatch.StartNew();
        ReleaseParser.Parse(name);

        elapsed.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(1));
    }
}
