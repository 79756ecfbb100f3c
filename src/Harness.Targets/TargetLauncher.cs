using Harness.Manifest;
using Harness.Running;
using Harness.Targets.Credentials;

namespace Harness.Targets;

/// <summary>
/// What a family that starts the app itself gets (<see cref="ScenarioNeeds.OwnTarget"/>): the worker's database as the app
/// would get it, and a way to start the app against a database of the family's choosing (the same one seen through a fault
/// proxy or a pooler). The family stops what it starts by disposing the returned context's <see cref="TargetContext.Target"/>.
/// </summary>
public sealed class TargetLauncher(ITargetHost host, TargetDatabase database, ICredentialStrategy credentials, EndpointsSection endpoints)
{
    /// <summary>The worker's database, with connections straight to the server.</summary>
    public TargetDatabase Database => database;

    /// <summary>The endpoints the manifest declares.</summary>
    public EndpointsSection Endpoints => endpoints;

    /// <summary>How the app is started, for progress and errors.</summary>
    public string HostDescription => host.Description;

    /// <summary>The manifest the run read, or null when not known.</summary>
    public string? ManifestPath { get; init; }

    /// <summary>Starts the app against <paramref name="through"/> and returns once it is ready.</summary>
    public async Task<TargetContext> StartAsync(TargetDatabase through, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(through);
        var running = await host.StartAsync(through, cancellationToken);
        return new TargetContext(running, credentials, endpoints) { ManifestPath = ManifestPath };
    }
}

/// <summary>The target launcher on a <see cref="ScenarioContext"/>.</summary>
public static class TargetLauncherScenarioContext
{
    extension(ScenarioContext context)
    {
        /// <summary>The launcher for a family that starts the app itself, or null when the run has no target.</summary>
        public TargetLauncher? TargetLauncher => context.Feature<TargetLauncher>();
    }
}
