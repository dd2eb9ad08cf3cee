using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Sluice.Node.Engine;
using Sluice.Node.Mounts;

namespace Sluice.Node.Api;

/// <summary>GET /api/mounts: the FUSE mounts this node supervises (Mounts), for ctl mounts.</summary>
public static class MountsApi
{
    public static RouteGroupBuilder MapMounts(this RouteGroupBuilder api)
    {
        api.MapGet(
            "/mounts",
            (MountSupervisor mounts, NodeState node, Secrets.SecretScrubber secrets) =>
                TypedResults.Ok(
                    new MountsView(
                        node.Name,
                        [
                            .. mounts.Mounts.Select(m => new MountView(
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
                                m.DependsOn
                            )),
                        ]
                    )
                )
        );
        return api;
    }

    /// <summary>This node's mounts only: each node owns and reports its own.</summary>
    public sealed record MountsView(string Node, IReadOnlyList<MountView> Mounts);

    public sealed record MountView(
        string Name,
        string Kind,
        string Path,
        string State,
        int? Pid,
        int Restarts,
        DateTimeOffset Since,
        string? LastError,
        DateTimeOffset? NextAttempt,
        IReadOnlyList<string> Stages,
        IReadOnlyList<string> DependsOn
    );
}
