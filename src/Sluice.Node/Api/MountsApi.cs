using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Sluice.Node.Engine;
using Sluice.Node.Mounts;
using Sluice.Store;

namespace Sluice.Node.Api;

/// <summary>
/// GET /api/mounts: the FUSE mounts this node supervises (Mounts), live. With <c>?all=true</c>,
/// every other node's as that node last published them to the shared database (publishedAt).
/// </summary>
public static class MountsApi
{
    public static RouteGroupBuilder MapMounts(this RouteGroupBuilder api)
    {
        api.MapGet("/mounts", ShowAsync);
        return api;
    }

    private static async Task<IResult> ShowAsync(
        MountSupervisor mounts,
        NodeState node,
        EngineStore store,
        Secrets.SecretScrubber secrets,
        CancellationToken ct,
        bool all = false
    )
    {
        var here = mounts.Mounts.Select(m => new MountView(
            node.Name,
            m.Name,
            m.Kind,
            m.Path,
            m.StateName,
            m.Pid,
            m.Restarts,
            m.Since,
            secrets.ScrubOrNull(m.LastError),
            m.NextAttempt,
            m.Stages,
            m.DependsOn,
            null
        ));
        var elsewhere = all
            ? (await store.MountsAsync(ct))
                .Where(m => m.Node != node.Name)
                .Select(m => new MountView(
                    m.Node,
                    m.Name,
                    m.Kind,
                    m.Path,
                    m.State,
                    m.Pid,
                    m.Restarts,
                    m.Since,
                    secrets.ScrubOrNull(m.LastError),
                    m.NextAttempt,
                    null,
                    null,
                    m.UpdatedAt
                ))
            : [];
        return TypedResults.Ok(new MountsView(node.Name, [.. here, .. elsewhere]));
    }

    public sealed record MountsView(string Node, IReadOnlyList<MountView> Mounts);

    /// <param name="PublishedAt">Null for this node's own mounts (live); else when their node last published them.</param>
    /// <param name="Stages">Known for this node's mounts only.</param>
    public sealed record MountView(
        string Node,
        string Name,
        string Kind,
        string Path,
        string State,
        int? Pid,
        int Restarts,
        DateTimeOffset Since,
        string? LastError,
        DateTimeOffset? NextAttempt,
        IReadOnlyList<string>? Stages,
        IReadOnlyList<string>? DependsOn,
        DateTimeOffset? PublishedAt
    );
}
