using Harness.Manifest;
using Harness.Running;
using Harness.Targets.Credentials;

namespace Harness.Targets;

/// <summary>
/// What a family that talks to the app gets (<see cref="ScenarioNeeds.RunningTarget"/>): the started target, how to act as
/// a seeded user, and the endpoints to probe. It travels as a feature of the <see cref="ScenarioContext"/>.
/// </summary>
public sealed record TargetContext(IRunningTarget Target, ICredentialStrategy Credentials, EndpointsSection Endpoints)
{
    /// <summary>The manifest the run read (reproductions name it in their <c>harness token</c> line), or null when not known.</summary>
    public string? ManifestPath { get; init; }
}

/// <summary>The running app on a <see cref="ScenarioContext"/>.</summary>
public static class TargetScenarioContext
{
    extension(ScenarioContext context)
    {
        /// <summary>The running app, or null when the run started none.</summary>
        public TargetContext? Target => context.Feature<TargetContext>();

        /// <summary>A copy of the context that carries the running app.</summary>
        public ScenarioContext WithTarget(TargetContext target) => context.WithFeature(target);
    }
}
