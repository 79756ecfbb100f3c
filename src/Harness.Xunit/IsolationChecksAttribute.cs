using System.Reflection;
using Xunit;
using Xunit.Sdk;
using Xunit.v3;

namespace Harness.Xunit;

/// <summary>
/// Theory data: one case per check of a gate's run, named "scenario rule subject" and traited with Scenario, Rule and
/// Severity. The gate must be an assembly fixture (<c>[assembly: AssemblyFixture(typeof(MyGate))]</c>). The data exists
/// only once the gate ran, so it is enumerated when the theory runs, not at discovery: runners list the theory once
/// before the run and report one result per check.
/// </summary>
/// <example>
/// <code>
/// [Theory, IsolationChecks(typeof(MyGate))]
/// public void Isolation(IsolationCheck check) => check.ShouldPass();
/// </code>
/// </example>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
public sealed class IsolationChecksAttribute : DataAttribute
{
    public IsolationChecksAttribute(Type gateType)
    {
        ArgumentNullException.ThrowIfNull(gateType);
        if (!typeof(IsolationGate).IsAssignableFrom(gateType) || gateType.IsAbstract)
        {
            throw new ArgumentException($"{gateType.FullName} is not a concrete {nameof(IsolationGate)}; pass your gate subclass, e.g. typeof(MyGate).", nameof(gateType));
        }

        GateType = gateType;
    }

    /// <summary>The gate whose checks become cases.</summary>
    public Type GateType { get; }

    public override bool SupportsDiscoveryEnumeration() => false;

    public override async ValueTask<IReadOnlyCollection<ITheoryDataRow>> GetData(MethodInfo testMethod, DisposalTracker disposalTracker)
    {
        var gate = await TestContext.Current.GetFixture(GateType).ConfigureAwait(false) as IsolationGate
            ?? throw new InvalidOperationException(
                $"[IsolationChecks(typeof({GateType.Name}))] on {testMethod?.Name}: {GateType.Name} is not an assembly fixture. " +
                $"Add [assembly: AssemblyFixture(typeof({GateType.FullName}))] to the test project.");
        if (gate.StartFailure is { } failure)
        {
            return [new TheoryDataRow<IsolationCheck>(IsolationCheck.NotRun(gate.Name, failure)) { TestDisplayName = $"{gate.Name} did not run" }];
        }

        return [.. gate.Checks.Select(check => new TheoryDataRow<IsolationCheck>(check)
        {
            TestDisplayName = check.DisplayName,
            Traits = new Dictionary<string, HashSet<string>>(StringComparer.OrdinalIgnoreCase)
            {
                ["Gate"] = [gate.Name],
                ["Scenario"] = [check.Scenario],
                ["Rule"] = [check.Result!.Rule.Id],
                ["Severity"] = [check.Result.Rule.Severity.ToString()],
            },
        })];
    }
}
