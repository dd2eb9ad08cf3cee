using Sluice.Store;

namespace Sluice.Node.Engine;

/// <summary>
/// This node's identity, its roles, and whether it takes new work. Draining (asked through
/// the registry, read at every heartbeat) finishes running jobs but claims nothing new.
/// </summary>
public sealed class NodeState(NodeIdentity identity)
{
    private volatile bool _draining;

    public NodeIdentity Identity => identity;

    public string Name => identity.Name;

    public IReadOnlyList<string> Roles => identity.Roles;

    public bool Has(string role) => identity.Roles.Contains(role);

    public bool AcceptsWork => !_draining;

    public bool Draining => _draining;

    public void SetDraining(bool draining) => _draining = draining;
}
