using Harness.Findings;
using Harness.Manifest;
using Harness.Runner;
using Harness.Running;

namespace Harness.Gate.Tests;

/// <summary>The gate with a family of the test project's own, registered in one line, run alone against the sample.</summary>
public sealed class OwnFamilyGate : Harness.Xunit.IsolationGate<Program>
{
    protected override string ManifestPath => SamplePaths.Manifest;

    protected override int? Tenants => 3;

    protected override ScenarioRegistry Families => ScenarioRegistry.Default.Add(new LedgerFamily());

    protected override IReadOnlyList<string> Scenarios => [LedgerFamily.FamilyId];
}

/// <summary>
/// A tiny family: one check per seeded tenant that the ledger planted canaries for it, and one failing check on purpose
/// (read by a fact, never run as a theory case) so the gate is shown to turn a family's finding into a failing case.
/// </summary>
public sealed class LedgerFamily : IScenario
{
    public const string FamilyId = "ledger";

    public static readonly Rule Canaries = new("LEDGER001", "A seeded tenant has no canary", Severity.High, "Seed canaries for every tenant.");

    public static readonly Rule Planted = new("LEDGER002", "A finding planted by the test family", Severity.Low, "None: it proves the gate fails.");

    public string Id => FamilyId;

    public IReadOnlyList<Rule> Rules => [Canaries, Planted];

    public ScenarioNeeds Needs => ScenarioNeeds.SeedLedger;

    public Task<ScenarioResult> RunAsync(ScenarioContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var tenants = context.Ledger!.Tenants;
        List<CheckResult> checks =
        [
            .. tenants.Select(t => new CheckResult(Canaries, $"tenant {t.Index}",
                t.Canaries.Count > 0 ? [] : [new Finding(Canaries, Id, $"tenant {t.Index}", $"tenant {t.Index} has no canary", "ledger")])),
            new CheckResult(Planted, "planted", [new Finding(Planted, Id, "planted", "planted on purpose", $"{tenants.Count} tenants")]),
        ];
        return Task.FromResult(new ScenarioResult(Id, checks, TimeSpan.Zero));
    }
}
