using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.EnvironmentVariables;

namespace Sluice.Node.Hosting;

/// <summary>
/// SLUICE_* environment variables as configuration keys (SLUICE_Paths__Data → Paths:Data),
/// except ctl's own: SLUICE_NODE (the node address ctl talks to) would otherwise land on the
/// Node section and stop a node started from the same shell, and SLUICE_TOKEN is read as
/// Api:Token by <see cref="SluiceNodeHost.AddSources"/>, at its own precedence.
/// </summary>
public sealed class NodeEnvironmentSource : IConfigurationSource
{
    public const string Prefix = "SLUICE_";

    private static readonly string[] CtlVariables = ["NODE", "TOKEN"];

    public IConfigurationProvider Build(IConfigurationBuilder builder) => new Provider();

    private sealed class Provider() : EnvironmentVariablesConfigurationProvider(Prefix)
    {
        public override void Load()
        {
            base.Load();
            foreach (var key in CtlVariables)
            {
                Data.Remove(key);
            }
        }
    }
}
