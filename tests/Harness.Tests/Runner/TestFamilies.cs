using Harness.Findings;
using Harness.Running;
using Harness.Targets;

namespace Harness.Tests.Runner;

/// <summary>A family that fails the way <paramref name="fail"/> does, after the run has started it.</summary>
internal sealed class FailingFamily(string id, Action<ScenarioContext> fail) : IScenario
{
    public const string RefusalReason = "the refusing family has nothing to probe; give it endpoints";

    /// <summary>A family with a bug: it reads options it never declared, a null reference.</summary>
    public static FailingFamily Buggy { get; } = new("buggy", context => _ = context.Options!.ToString());

    /// <summary>A family that refuses to run with a harness failure and a message for users.</summary>
    public static FailingFamily Refusing { get; } = new("refusing", _ => throw new TargetConfigurationException(RefusalReason));

    public string Id => id;

    public IReadOnlyList<Rule> Rules => [];

    public ScenarioNeeds Needs => ScenarioNeeds.None;

    public async Task<ScenarioResult> RunAsync(ScenarioContext context, CancellationToken cancellationToken = default)
    {
        await Task.Yield();
        fail(context);
        return new ScenarioResult(Id, [], TimeSpan.Zero);
    }
}
