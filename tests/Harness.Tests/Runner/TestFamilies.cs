using Harness.Findings;
using Harness.Running;
using Harness.Targets;

namespace Harness.Tests.Runner;

/// <summary>A family with a bug: it reads options it never declared, a null reference.</summary>
internal sealed class BuggyFamily : IScenario
{
    public const string ScenarioId = "buggy";

    public string Id => ScenarioId;

    public IReadOnlyList<Rule> Rules => [];

    public ScenarioNeeds Needs => ScenarioNeeds.None;

    public async Task<ScenarioResult> RunAsync(ScenarioContext context, CancellationToken cancellationToken = default)
    {
        await Task.Yield();
        var options = context.Options!.ToString()!;
        return new ScenarioResult(Id, [], TimeSpan.FromMilliseconds(options.Length));
    }
}

/// <summary>A family that refuses to run with a harness failure and a message for users.</summary>
internal sealed class RefusingFamily : IScenario
{
    public const string ScenarioId = "refusing";

    public const string Reason = "the refusing family has nothing to probe; give it endpoints";

    public string Id => ScenarioId;

    public IReadOnlyList<Rule> Rules => [];

    public ScenarioNeeds Needs => ScenarioNeeds.None;

    public async Task<ScenarioResult> RunAsync(ScenarioContext context, CancellationToken cancellationToken = default)
    {
        await Task.Yield();
        throw new TargetConfigurationException(Reason);
    }
}
