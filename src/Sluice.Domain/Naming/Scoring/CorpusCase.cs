namespace Sluice.Domain.Naming.Scoring;

/// <summary>
/// One line of a corpus file (../shared/corpora/README.md): an input name and what other
/// projects' test suites assert about it. <see cref="Expect"/> holds only asserted keys; a value
/// is a string, an int, a list of ints, or null when the source asserts the field is absent.
/// </summary>
public sealed record CorpusCase(
    string File,
    string Source,
    string Input,
    IReadOnlyDictionary<string, object?> Expect
);
