namespace Sluice.Domain.Naming;

/// <summary>
/// Where a file goes inside the library: relative, '/'-separated, starting with its category
/// ("Shows/Title/Season 01/Title - S01E01.mkv"). Only a safe path can exist as a value: no
/// absolute path, no "..", no empty or hidden segment, no backslash or control character, every
/// segment within the 255-byte limit, so joining it under the library root cannot escape it.
/// </summary>
public readonly record struct LibraryPath
{
    public const string Shows = "Shows";
    public const string Movies = "Movies";
    public const string Unsorted = "Unsorted";

    private LibraryPath(string value) => Value = value;

    public string Value { get; }

    /// <summary>"Shows", "Movies" or "Unsorted".</summary>
    public string Category => Segments.Count > 0 ? Segments[0] : "";

    public IReadOnlyList<string> Segments => Value is null ? [] : Value.Split('/');

    public static LibraryPath Parse(string value) =>
        TryParse(value, out var path, out var reason)
            ? path
            : throw new FormatException($"Not a library path ({reason}): '{Printable(value)}'");

    public static bool TryParse(string? value, out LibraryPath path) =>
        TryParse(value, out path, out _);

    /// <summary>
    /// A path under any top folder, not only the three categories sanitize sorts into: where a
    /// library tool moved a show (Premiered/Title/…). Every other rule holds.
    /// </summary>
    public static bool TryParseMoved(string? value, out LibraryPath path)
    {
        path = default;
        if (Check(value, anyTop: true).Length > 0)
        {
            return false;
        }

        path = new LibraryPath(value!);
        return true;
    }

    /// <inheritdoc cref="TryParseMoved"/>
    public static LibraryPath ParseMoved(string value) =>
        TryParseMoved(value, out var path)
            ? path
            : throw new FormatException(
                $"Not a library path ({Check(value, anyTop: true)}): '{Printable(value)}'"
            );

    /// <summary>
    /// The same path with " (n)" before the extension: how a second file for the same name is
    /// stored instead of overwriting the first.
    /// </summary>
    public LibraryPath WithConflictSuffix(int n)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 2);
        if (Value is null)
        {
            throw new InvalidOperationException(
                "A default LibraryPath has no file name to suffix."
            );
        }

        var segments = Segments.ToArray();
        var name = segments[^1];
        var dot = name.LastIndexOf('.');
        var (stem, extension) = dot > 0 ? (name[..dot], name[dot..]) : (name, "");
        var suffix = $" ({n})";
        segments[^1] =
            PathSegment.Truncate(stem, PathSegment.MaxSegmentBytes - ByteCount(suffix + extension))
            + suffix
            + extension;
        return Parse(string.Join('/', segments));
    }

    public override string ToString() => Value ?? "";

    private static bool TryParse(string? value, out LibraryPath path, out string reason)
    {
        path = default;
        reason = Check(value);
        if (reason.Length > 0)
        {
            return false;
        }

        path = new LibraryPath(value!);
        return true;
    }

    private static string Check(string? value, bool anyTop = false)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "empty";
        }

        if (value.Contains('\\', StringComparison.Ordinal))
        {
            return "backslash";
        }

        if (value[0] == '/')
        {
            return "absolute";
        }

        var segments = value.Split('/');
        if (segments.Length < 2)
        {
            return "no category and name";
        }

        if (!anyTop && segments[0] is not (Shows or Movies or Unsorted))
        {
            return $"category '{segments[0]}'";
        }

        foreach (var segment in segments)
        {
            if (segment.Length == 0)
            {
                return "empty segment";
            }

            if (segment is "." or "..")
            {
                return "dot segment";
            }

            if (!PathSegment.IsSafe(segment))
            {
                return "unsafe segment";
            }
        }

        return "";
    }

    // The rejected text is untrusted: keep control characters out of messages that reach logs.
    private static string Printable(string? value) =>
        value is null ? "" : string.Concat(value.Select(c => char.IsControl(c) ? '?' : c));

    private static int ByteCount(string text) => System.Text.Encoding.UTF8.GetByteCount(text);
}
