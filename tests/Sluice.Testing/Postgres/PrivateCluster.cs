using System.Globalization;

namespace Sluice.Testing.Postgres;

/// <summary>
/// A PostgreSQL cluster owned by this test process, for runs without <c>$SLUICE_TEST_POSTGRES</c>
/// (plain <c>dotnet test</c>). It is started by <c>scripts/postgres.sh</c>, so there is one recipe
/// for test.sh and the fixture, in a temp directory of its own.
/// </summary>
/// <remarks>
/// It must not outlive the process: it is stopped at <see cref="AppDomain.ProcessExit"/>, and the
/// script's watchdog (<c>--owner-pid</c>) stops it within about a second when the process dies
/// without running exit handlers (SIGKILL, a test host killed on a hang). Only if the watchdog
/// itself is killed too does a postgres stay behind; its directory says which run it was.
/// </remarks>
internal static class PrivateCluster
{
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(45);

    /// <summary>Starts the cluster and returns its admin connection string.</summary>
    public static async Task<string> StartAsync(CancellationToken cancellationToken)
    {
        var script = Path.Combine(RepositoryPaths.Root, "scripts", "postgres.sh");
        if (!File.Exists(script))
        {
            throw new InvalidOperationException(
                $"{script} is missing: it starts the test cluster."
            );
        }

        var dir = new TempDirectory("sluice-postgres");
        // Registered before the start: a half-started cluster is stopped as well.
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Stop(script, dir);
        try
        {
            await ToolProcess.RunAsync(
                "bash",
                [
                    script,
                    "start",
                    "--dir",
                    dir.Path,
                    "--owner-pid",
                    Environment.ProcessId.ToString(CultureInfo.InvariantCulture),
                ],
                cancellationToken
            );
            return (
                await ToolProcess.RunAsync(
                    "bash",
                    [script, "url", "--dir", dir.Path],
                    cancellationToken
                )
            ).Trim();
        }
        catch (InvalidOperationException e)
        {
            throw new InvalidOperationException(
                $"Could not start a private PostgreSQL for the tests ({e.Message.Trim()}). "
                    + $"Install it (apt-get install postgresql) or set {PostgresServer.EnvironmentVariable} "
                    + "to the connection string of a server where CREATE DATABASE is allowed.",
                e
            );
        }
    }

    // Runs while the process exits: synchronous, bounded, and never throws.
    private static void Stop(string script, TempDirectory dir)
    {
        try
        {
            using var timeout = new CancellationTokenSource(StopTimeout);
            Task.Run(() =>
                    ToolProcess.RunAsync("bash", [script, "stop", "--dir", dir.Path], timeout.Token)
                )
                .Wait(StopTimeout);
        }
        catch (Exception e) when (e is AggregateException or InvalidOperationException)
        {
            Console.Error.WriteLine($"Stopping the test PostgreSQL in {dir.Path} failed: {e}");
        }

        dir.Dispose();
    }
}
