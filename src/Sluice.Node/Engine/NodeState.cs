namespace Sluice.Node.Engine;

/// <summary>
/// This node's identity and whether it takes new work. Draining finishes running jobs but
/// claims nothing new.
/// </summary>
public sealed class NodeState(Store.NodeIdentity identity)
{
    private volatile bool _draining;

    public Store.NodeIdentity Identity => identity;

    public string Name => identity.Name;

    public bool AcceptsWork => !_draining;

    public void Drain() => _draining = true;

    public void Resume() => _draining = false;
}
