using Sluice.Domain.Items;
using Sluice.Domain.Naming;
using Sluice.Tools.Rclone;

namespace Sluice.Node.Submissions;

/// <summary>A file only in a vault destination: a normalized path inside the destination, checked with rclone.</summary>
public sealed partial class Submitter
{
    private async Task<(Submit? Submit, SubmitOutcome.Refused? Refused)> RemoteAsync(
        string source,
        Step? entry,
        string by,
        CancellationToken ct
    )
    {
        var colon = source.IndexOf(':', StringComparison.Ordinal);
        var name = source[..colon];
        if (destinations.Named(name) is not { } destination)
        {
            return (
                null,
                SubmitOutcome.NotFound(
                    $"No vault destination '{Printable(name)}'; configured: {string.Join(", ", destinations.All.Select(d => d.Name))}."
                )
            );
        }

        var step = entry ?? Step.Encode;
        if (step is Step.Sanitize or Step.Vault)
        {
            return (
                null,
                SubmitOutcome.Unprocessable(
                    $"{Names.Of(step)} needs the file on a node's disk; a file only in the vault enters at encode, distribute or notify."
                )
            );
        }

        if (Normalize(source[(colon + 1)..]) is not { } relative)
        {
            return (
                null,
                SubmitOutcome.Unprocessable(
                    $"{Printable(source)} climbs out of destination {name}'s root."
                )
            );
        }

        if (!LibraryPath.TryParse(relative, out var libraryPath))
        {
            return (null, NotALibraryPath(relative, $"destination {name}"));
        }

        string[] replicas = [];
        if (step == Step.Distribute)
        {
            if (destination.Replica)
            {
                return (
                    null,
                    SubmitOutcome.Unprocessable(
                        $"{name} is a replica; distribute copies from a primary destination to the replicas."
                    )
                );
            }

            replicas = [.. destinations.Replicas.Select(r => r.Name)];
        }

        var remote = destination.Root.Combine(libraryPath.Value);
        RemoteEntry? found;
        HashType? hash;
        try
        {
            hash = await destinations.VerificationHashAsync(destination, ct);
            found = await rclone.StatAsync(remote, hash is null ? [] : [hash], ct);
        }
        catch (RcloneException ex)
        {
            return (
                null,
                new SubmitOutcome.Refused(
                    Microsoft.AspNetCore.Http.StatusCodes.Status503ServiceUnavailable,
                    $"Cannot check {name}: {ex.Message}"
                )
            );
        }

        if (found is null || found.IsDir)
        {
            return (
                null,
                SubmitOutcome.NotFound(
                    found is null
                        ? $"No file at {name}:{libraryPath.Value}."
                        : $"{name}:{libraryPath.Value} is a folder; submit each file on its own."
                )
            );
        }

        var verification =
            hash is not null && found.Hashes.TryGetValue(hash, out var value)
                ? $"{hash}:{value}"
                : "size";
        return (
            new Submit(
                ItemId.New(),
                libraryPath.Segments[^1],
                $"{name}:{libraryPath.Value}",
                found.Size,
                $"{VaultKeyPrefix}{name}:{libraryPath.Value}",
                step,
                null,
                libraryPath.Value,
                await MediaOfAsync(libraryPath.Value, ct),
                [new VaultCopy(Artifact.Source, name, remote.Redacted, found.Size, verification)],
                [.. replicas],
                by
            ),
            null
        );
    }

    /// <summary>"a//./b/../c" as "a/c"; null when ".." climbs above the root.</summary>
    internal static string? Normalize(string path)
    {
        var segments = new List<string>();
        foreach (var segment in path.Split('/'))
        {
            if (segment is "" or ".")
            {
                continue;
            }

            if (segment == "..")
            {
                if (segments.Count == 0)
                {
                    return null;
                }

                segments.RemoveAt(segments.Count - 1);
                continue;
            }

            segments.Add(segment);
        }

        return string.Join('/', segments);
    }
}
