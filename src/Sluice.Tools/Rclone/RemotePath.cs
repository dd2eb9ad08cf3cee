namespace Sluice.Tools.Rclone;

public enum RemotePathKind
{
    /// <summary>An absolute local path: <c>/data/vault</c>.</summary>
    Local,

    /// <summary>A remote from the rclone config: <c>vault:Media</c>.</summary>
    Configured,

    /// <summary>An on-the-fly backend: <c>:sftp,host=example.org,user=me:dir</c>.</summary>
    ConnectionString,
}

/// <summary>
/// A location rclone understands, split into the remote prefix and the path inside it so that
/// <see cref="Combine"/> appends with the right separator for each form.
/// </summary>
/// <remarks>
/// Invariants: the rendered value never starts with '-' (it starts with '/', ':' or a remote
/// name), so it can never be taken for a flag; relative local paths are refused because they
/// would depend on the worker's current directory (and "a:b" would be read as a remote);
/// combined segments are never empty, "." or "..", so a path cannot climb out of its root.
/// </remarks>
public sealed record RemotePath
{
    private RemotePath(RemotePathKind kind, string remote, string path)
    {
        Kind = kind;
        Remote = remote;
        Path = path;
    }

    public RemotePathKind Kind { get; }

    /// <summary>"vault:", ":sftp,host=x:", or "" for a local path.</summary>
    public string Remote { get; }

    /// <summary>The path inside the remote: "Media/Shows", "" (the remote's root), "/data/vault".</summary>
    public string Path { get; }

    /// <summary>The last segment, or "" for a root.</summary>
    public string Name => Path[(Path.LastIndexOf('/') + 1)..];

    public static RemotePath Local(string absolutePath)
    {
        ArgumentException.ThrowIfNullOrEmpty(absolutePath);
        if (!absolutePath.StartsWith('/'))
        {
            throw new FormatException(
                $"A local rclone path must be absolute, not '{absolutePath}'."
            );
        }

        return new RemotePath(RemotePathKind.Local, "", TrimEnd(absolutePath));
    }

    public static RemotePath Parse(string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(value);
        if (value.Contains('\0', StringComparison.Ordinal))
        {
            throw new FormatException("An rclone path cannot contain NUL.");
        }

        if (value.StartsWith('/'))
        {
            return Local(value);
        }

        if (value.StartsWith(':'))
        {
            var end = EndOfConnectionString(value);
            return new RemotePath(
                RemotePathKind.ConnectionString,
                value[..(end + 1)],
                TrimEnd(value[(end + 1)..])
            );
        }

        var colon = value.IndexOf(':', StringComparison.Ordinal);
        var name = colon < 0 ? "" : value[..colon];
        if (!IsRemoteName(name))
        {
            throw new FormatException(
                $"'{value}' is neither an absolute local path nor 'remote:path' with a valid remote name."
            );
        }

        return new RemotePath(
            RemotePathKind.Configured,
            value[..(colon + 1)],
            TrimEnd(value[(colon + 1)..])
        );
    }

    /// <summary>Appends a relative path of '/'-separated segments.</summary>
    public RemotePath Combine(string relative)
    {
        ArgumentException.ThrowIfNullOrEmpty(relative);
        var segments = relative.Split('/');
        if (
            relative.StartsWith('/')
            || segments.Any(s =>
                s is "" or "." or ".." || s.Contains('\0', StringComparison.Ordinal)
            )
        )
        {
            throw new ArgumentException(
                $"'{relative}' is not a plain relative path (no leading '/', no empty, '.' or '..' segments).",
                nameof(relative)
            );
        }

        var path = Path switch
        {
            "" => relative,
            "/" => "/" + relative,
            _ => Path + "/" + relative,
        };
        return new RemotePath(Kind, Remote, path);
    }

    /// <summary>The argument rclone gets.</summary>
    public override string ToString() => Remote + Path;

    /// <summary>For logs and messages: connection-string parameters (passwords, keys) hidden.</summary>
    public string Redacted =>
        Kind == RemotePathKind.ConnectionString && Secret is not null
            ? $"{Remote[..(Remote.IndexOf(',', StringComparison.Ordinal))]},***:{Path}"
            : ToString();

    /// <summary>The parameter part of a connection string, which may hold credentials.</summary>
    internal string? Secret =>
        Kind == RemotePathKind.ConnectionString
        && Remote.IndexOf(',', StringComparison.Ordinal) is var comma and > 0
            ? Remote[(comma + 1)..^1]
            : null;

    private static string TrimEnd(string path) => path.Length > 1 ? path.TrimEnd('/') : path;

    // rclone's rule for remote names: letters, digits, '_', '-', '.', '+', '@' and space, not
    // starting with '-' or space.
    private static bool IsRemoteName(string name) =>
        name.Length > 0
        && name[0] is not ('-' or ' ')
        && name.All(c => char.IsLetterOrDigit(c) || c is '_' or '-' or '.' or '+' or '@' or ' ');

    // ":backend,key=value,key2='a:b':path" — the remote ends at the first ':' outside quotes
    // (rclone quotes values with ' or ", a doubled quote standing for itself).
    private static int EndOfConnectionString(string value)
    {
        char? quote = null;
        for (var i = 1; i < value.Length; i++)
        {
            var c = value[i];
            if (quote is { } q)
            {
                if (c == q)
                {
                    quote = i + 1 < value.Length && value[i + 1] == q ? q : null;
                    i += quote is null ? 0 : 1;
                }
            }
            else if (c is '\'' or '"')
            {
                quote = c;
            }
            else if (c == ':')
            {
                return i > 1 ? i : throw new FormatException($"'{value}' has no backend name.");
            }
        }

        throw new FormatException(
            $"'{value}' is not a complete connection string (':backend,params:path')."
        );
    }
}
