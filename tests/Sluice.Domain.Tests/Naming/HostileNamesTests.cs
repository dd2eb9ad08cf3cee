using System.Text;
using Sluice.Domain.Naming;
using Sluice.Testing;

namespace Sluice.Domain.Tests.Naming;

/// <summary>
/// Titles come from file names someone else wrote. Whatever the name, parse + render must give a
/// path that stays inside the library: every segment safe, short enough, never hidden or "..".
/// </summary>
public sealed class HostileNamesTests
{
    public static IReadOnlyList<string> Names => HostileNames.All;

    public static TheoryData<int> Indexes() => [.. Enumerable.Range(0, Names.Count)];

    [Fact]
    public void The_corpus_has_at_least_fifty_names()
    {
        Names.Count.ShouldBeGreaterThanOrEqualTo(50);
    }

    // Indexes, not strings: theory data is serialized, which would repair lone surrogates.
    [Theory]
    [MemberData(nameof(Indexes))]
    public void A_hostile_name_renders_to_a_safe_library_path(int index)
    {
        var name = Names[index];

        var path = NamingTemplates.Default.Render(ReleaseParser.Parse(name), name);

        LibraryPath.Parse(path.Value).ShouldBe(path);
        path.Segments[0].ShouldBeOneOf("Shows", "Movies", "Unsorted");
        foreach (var segment in path.Segments)
        {
            Encoding.UTF8.GetByteCount(segment).ShouldBeLessThanOrEqualTo(255, segment);
            segment.ShouldNotBeOneOf(".", "..");
            segment.ShouldNotStartWith(".");
            segment.ShouldNotContain('/');
            segment.ShouldNotContain('\\');
            segment.Any(char.IsControl).ShouldBeFalse(segment);
            segment
                .Any(c => c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069')
                .ShouldBeFalse(segment);
            HasLoneSurrogate(segment).ShouldBeFalse(segment);
        }
    }

    [Fact]
    public void A_conflict_suffix_on_a_hostile_path_is_still_safe()
    {
        foreach (var name in Names)
        {
            var path = NamingTemplates
                .Default.Render(ReleaseParser.Parse(name), name)
                .WithConflictSuffix(99);

            LibraryPath.TryParse(path.Value, out _).ShouldBeTrue(path.Value);
        }
    }

    private static bool HasLoneSurrogate(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (
                char.IsHighSurrogate(text[i])
                && i + 1 < text.Length
                && char.IsLowSurrogate(text[i + 1])
            )
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return true;
            }
        }

        return false;
    }
}
