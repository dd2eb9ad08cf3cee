namespace Sluice.Tools.Processes;

/// <summary>
/// An immutable description of one tool invocation. Arguments are a list handed to the
/// executable as they are (no shell ever parses them), so spaces, quotes and <c>$(…)</c> in a
/// file name are inert.
/// </summary>
/// <remarks>
/// Invariants: every collection is copied on the way in, so a command cannot change after it
/// was built; <see cref="ToString"/> shows the arguments with every <see cref="Secrets"/> value
/// replaced, so a command can be logged; secrets are never empty (that would redact everything).
/// </remarks>
public sealed record ProcessCommand
{
    private const string Redacted = "***";

    public ProcessCommand(string targetPath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(targetPath);
        TargetPath = targetPath;
    }

    /// <summary>The executable: a path, or a bare name looked up on PATH.</summary>
    public string TargetPath { get; }

    public IReadOnlyList<string> Arguments
    {
        get;
        init => field = [.. value];
    } = [];

    /// <summary>Null: the runner's current directory.</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>Variables set (or, with a null value, removed) on top of the runner's environment.</summary>
    public IReadOnlyDictionary<string, string?> EnvironmentVariables
    {
        get;
        init => field = new Dictionary<string, string?>(value, StringComparer.Ordinal);
    } = new Dictionary<string, string?>(StringComparer.Ordinal);

    /// <summary>Text written to standard input, which is then closed. Null: stdin is closed at once (EOF).</summary>
    public string? StandardInput { get; init; }

    public GracefulStop GracefulStop { get; init; } = GracefulStop.Interrupt;

    /// <summary>How long a tool may take to honour the graceful stop before its tree is killed.</summary>
    public TimeSpan GracePeriod
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, TimeSpan.Zero);
            field = value;
        }
    } = TimeSpan.FromSeconds(10);

    /// <summary>Exit codes that count as success; anything else throws <see cref="ProcessFailedException"/>.</summary>
    public IReadOnlySet<int> SuccessExitCodes
    {
        get;
        init => field = value.ToHashSet();
    } = new HashSet<int> { 0 };

    /// <summary>Values (passwords, tokens, connection strings) never shown in messages, tails or logs.</summary>
    public IReadOnlyList<string> Secrets
    {
        get;
        init
        {
            if (value.Any(string.IsNullOrEmpty))
            {
                throw new ArgumentException("A secret cannot be empty.", nameof(value));
            }

            field = [.. value];
        }
    } = [];

    /// <summary>The executable's file name: what messages call the tool.</summary>
    public string Name => Path.GetFileName(TargetPath);

    public ProcessCommand WithArguments(IEnumerable<string> arguments) =>
        this with
        {
            Arguments = [.. arguments],
        };

    public ProcessCommand WithArguments(params string[] arguments) =>
        WithArguments((IEnumerable<string>)arguments);

    public ProcessCommand WithWorkingDirectory(string? directory) =>
        this with
        {
            WorkingDirectory = directory,
        };

    public ProcessCommand WithEnvironmentVariable(string name, string? value)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var variables = new Dictionary<string, string?>(
            EnvironmentVariables,
            StringComparer.Ordinal
        )
        {
            [name] = value,
        };
        return this with { EnvironmentVariables = variables };
    }

    public ProcessCommand WithStandardInput(string? text) => this with { StandardInput = text };

    public ProcessCommand WithGracefulStop(GracefulStop stop, TimeSpan gracePeriod) =>
        this with
        {
            GracefulStop = stop,
            GracePeriod = gracePeriod,
        };

    public ProcessCommand WithSuccessExitCodes(params int[] exitCodes) =>
        this with
        {
            SuccessExitCodes = exitCodes.ToHashSet(),
        };

    public ProcessCommand WithSecret(string secret) => this with { Secrets = [.. Secrets, secret] };

    /// <summary>Replaces every secret in <paramref name="text"/>; longer secrets first so a secret containing another is hidden whole.</summary>
    public string Redact(string text)
    {
        foreach (var secret in Secrets.OrderByDescending(s => s.Length))
        {
            text = text.Replace(secret, Redacted, StringComparison.Ordinal);
        }

        return text;
    }

    /// <summary>The command line for humans, secrets redacted. Not for execution.</summary>
    public override string ToString() =>
        Redact(string.Join(' ', Arguments.Prepend(Name).Select(Quote)));

    private static string Quote(string argument) =>
        argument.Length > 0 && !argument.Any(c => char.IsWhiteSpace(c) || c is '"' or '\'')
            ? argument
            : $"'{argument.Replace("'", "'\\''", StringComparison.Ordinal)}'";
}
