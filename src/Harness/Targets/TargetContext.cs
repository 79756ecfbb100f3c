using Harness.Manifest;
using Harness.Targets.Credentials;

namespace Harness.Targets;

/// <summary>
/// What a scenario that talks to the app gets: the started target, how to act as a seeded user, the endpoints to probe,
/// the IDOR settings, and the shard of the probes this run owns (<c>--shard i/n</c>).
/// </summary>
public sealed record TargetContext(IRunningTarget Target, ICredentialStrategy Credentials, EndpointsSection Endpoints)
{
    public IdorSection Idor { get; init; } = new();

    public Shard Shard { get; init; } = Shard.All;
}

/// <summary>A scenario that probes the running app: it needs <see cref="Running.ScenarioContext.Target"/>, and it honours the shard.</summary>
public interface ITargetScenario : Running.IScenario
{
}
