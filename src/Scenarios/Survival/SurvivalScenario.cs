using System.Diagnostics;
using System.Globalization;
using Harness.Findings;
using Harness.Manifest;
using Harness.Migrations;
using Harness.Running;
using Harness.Scenarios.Audit;
using Harness.Scenarios.Idor;
using Harness.Scenarios.Rls;
using Harness.Snapshots;

namespace Harness.Scenarios.Survival;

/// <summary>
/// Migration survival: the worker is migrated to the baseline version (<c>survival.from</c>, what production runs) and
/// seeded there; then each later migration is applied one at a time with <c>row_security = off</c>, and after each one
/// the schema's snapshot (security catalog and per-tenant data digests) is compared with the one before it. Every change
/// that weakens isolation or moves a tenant's data is reported against the migration file that made it (and the
/// statement's line where it can be found); the quick RLS matrix is run again after a step that changed security and
/// compared with the baseline's. The audit, the RLS matrix and (with a target) IDOR run on the latest version as its
/// companions.
/// </summary>
public sealed class SurvivalScenario : ScenarioFamily<SurvivalOptions>, IScenario
{
    public const string ScenarioId = "survival";

    public override string Id => ScenarioId;

    public override IReadOnlyList<Rule> Rules => SurvivalRules.All;

    /// <summary>Its own worker, which it migrates; seeded tenants; the app role for the quick matrix.</summary>
    public override ScenarioNeeds Needs => ScenarioNeeds.SeedLedger | ScenarioNeeds.AppConnection | ScenarioNeeds.ExclusiveWorker;

    public override SurvivalOptions ReadOptions(ManifestSection section) => SurvivalOptionsReader.Read(section);

    /// <summary>Configured when the manifest names a baseline.</summary>
    bool IScenario.IsConfigured(object? options) => options is SurvivalOptions { From: not null };

    string? IScenario.BaselineVersion(object? options) => (options as SurvivalOptions)?.From
        ?? throw new SurvivalException("Migration survival needs the baseline version: add a 'survival' section with 'from', e.g.\nsurvival:\n  from: 005_add_invoices.sql   # the version production runs today");

    IReadOnlyList<string> IScenario.Companions => [CatalogAudit.ScenarioId, RlsMatrix.ScenarioId, IdorScenario.ScenarioId];

    protected override async Task<ScenarioResult> RunAsync(ScenarioContext context, SurvivalOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(options);
        var stopwatch = Stopwatch.StartNew();
        var steps = context.Feature<MigrationSteps>() ?? throw new SurvivalException(
            "Migration survival needs its worker migrated to the baseline and the later steps: run it with `harness run --scenarios survival`, which prepares both.");
        var ledger = context.Ledger ?? throw new SurvivalException("Migration survival needs seeded tenants and their ledger; run it with `harness run`, which seeds first.");
        var tenancy = new SurvivalTenancy(
            context.Model.TenantKey, context.Model.Root.Value, context.Model.RootKey,
            context.Model.GlobalTables.Select(t => t.Value).ToHashSet(StringComparer.Ordinal),
            [.. context.Model.EffectiveRoles.Append(context.Model.StatementRole).Distinct(StringComparer.Ordinal)]);
        var scope = new SnapshotScope
        {
            TenantKey = tenancy.TenantKey,
            Root = new SnapshotRoot(tenancy.Root, tenancy.RootKey),
            Canaries = [.. ledger.Tenants.SelectMany(t => t.Canaries)],
        };
        var labels = MigrationStep.LabelsOf([steps.Baseline, .. steps.Later]);
        context.Progress?.Report(string.Create(CultureInfo.InvariantCulture,
            $"survival: baseline {labels[steps.Baseline]}, {steps.Later.Count} later migration(s) to apply one at a time"));

        var before = await SnapshotReader.ReadAsync(context.AdminConnectionString, context.Schema, scope, cancellationToken);
        var baselineMatrix = await QuickMatrix.RunAsync(context, steps, options.Pairs, cancellationToken);
        context.Progress?.Report($"survival: snapshot and quick RLS matrix at {labels[steps.Baseline]}{(baselineMatrix.NotCovered is { } why ? $" (matrix not run: {why})" : "")}");

        var expected = ExpectedChanges(options, steps, labels);
        QuickMatrix? previousMatrix = null;
        var checks = new List<CheckResult>();
        var diffs = new List<StepDiff>();
        foreach (var step in steps.Later)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var label = labels[step];
            var text = step.File is { } file && File.Exists(file) ? await File.ReadAllTextAsync(file, cancellationToken) : null;
            var applied = await ApplyAsync(context, steps, step, cancellationToken);
            var after = await SnapshotReader.ReadAsync(context.AdminConnectionString, context.Schema, scope, cancellationToken);
            var diff = SnapshotDiff.Between(before, after);
            var input = new StepInput(step, label, before, after, diff, tenancy, (keywords, names) => Locate(step, text, keywords, names));
            diffs.Add(new StepDiff(label, step.Version, step.File, diff));

            var findings = new List<(Rule Rule, Finding Finding)>(CatalogSurvivalChecks.Run(input));
            findings.AddRange(DataSurvivalChecks.Run(input, ledger, table => expected.Contains((null, table)) || expected.Contains((label, table))).Select(f => (SurvivalRules.TenantDataMoved, f)));
            findings.AddRange((await BackfillCheck.RunAsync(input, ledger, context.AdminConnectionString, context.Schema, cancellationToken)).Select(f => (SurvivalRules.BackfillFilteredByRls, f)));
            if (applied.FilteredError is { } error)
            {
                findings.Add((SurvivalRules.BackfillFilteredByRls, input.Finding(
                    SurvivalRules.BackfillFilteredByRls, label,
                    "the migration fails with row_security = off: it relies on statements a policy filters, so it changes only the rows the migrating role's policies let it see",
                    $"with row_security = off: {error}; it was then applied with row_security on, as a deploy would", null)));
            }

            var matrix = SecurityChanged(diff) ? await QuickMatrix.RunAsync(context, steps, options.Pairs, cancellationToken) : null;
            if (matrix is not null)
            {
                findings.AddRange(MatrixRegressions.Of(input, matrix.RegressedSince(baselineMatrix, previousMatrix), labels[steps.Baseline]).Select(f => (SurvivalRules.MatrixRegressed, f)));
                previousMatrix = matrix;
            }

            var lint = text is null ? [] : MigrationLint.Lint(step.File!, text);

            checks.AddRange(StepChecks(step, label, findings, lint, matrix, baselineMatrix));
            context.Progress?.Report(string.Create(CultureInfo.InvariantCulture,
                $"survival: {label}: {findings.Count} finding(s), {lint.Count} lint note(s), {diff.Catalog.Count} catalog change(s){(matrix is null ? "" : ", quick matrix run again")}"));
            before = after;
        }

        return new ScenarioResult(ScenarioId, checks, stopwatch.Elapsed)
        {
            Artifacts = [StepDiff.Artifact(labels[steps.Baseline], diffs)],
        };
    }

    /// <summary>One check per rule per step, so the timeline and JUnit show every step, passed or not.</summary>
    private static IEnumerable<CheckResult> StepChecks(
        MigrationStep step, string label, List<(Rule Rule, Finding Finding)> findings, IReadOnlyList<MigrationLintHit> lint, QuickMatrix? matrix, QuickMatrix baseline)
    {
        foreach (var rule in SurvivalRules.All)
        {
            var ruleFindings = rule == SurvivalRules.LintedStatement
                ? [.. lint.Select(hit => hit.ToFinding(label))]
                : findings.Where(f => f.Rule == rule).Select(f => f.Finding).ToList();
            var notCovered = rule == SurvivalRules.MatrixRegressed
                ? baseline.NotCovered is { } why ? $"the quick RLS matrix could not run at the baseline: {why}"
                    : matrix?.NotCovered is { } now ? $"the quick RLS matrix could not run after this migration: {now}" : null
                : rule == SurvivalRules.LintedStatement && step.File is null ? "the migration's text is not known (a version of a migration command, not a file)" : null;
            yield return new CheckResult(rule, label, notCovered is null ? ruleFindings : [])
            {
                Step = label,
                NotCovered = ruleFindings.Count == 0 ? notCovered : null,
            };
        }
    }

    private static async Task<AppliedStep> ApplyAsync(ScenarioContext context, MigrationSteps steps, MigrationStep step, CancellationToken cancellationToken)
    {
        try
        {
            await steps.Runner.ApplyStepAsync(context.AdminConnectionString, steps.MigrationSchema, step, rowSecurityOff: true, cancellationToken);
            return new AppliedStep(null);
        }
        catch (MigrationException filtered) when (IsRowSecurityError(filtered))
        {
            try
            {
                await steps.Runner.ApplyStepAsync(context.AdminConnectionString, steps.MigrationSchema, step, rowSecurityOff: false, cancellationToken);
            }
            catch (MigrationException e)
            {
                throw new SurvivalException($"migration {step.Name} does not apply: {e.Message}", e);
            }

            return new AppliedStep(filtered.Message);
        }
        catch (MigrationException e)
        {
            throw new SurvivalException($"migration {step.Name} does not apply on the seeded baseline: {e.Message}", e);
        }
    }

    /// <summary>PostgreSQL's refusal to run a statement a policy would filter while <c>row_security</c> is off.</summary>
    private static bool IsRowSecurityError(MigrationException e) =>
        e.Message.Contains("row-level security", StringComparison.OrdinalIgnoreCase) || e.Message.Contains("42501", StringComparison.Ordinal);

    /// <summary>Whether a step changed anything the RLS matrix's outcome depends on (all but indexes and columns).</summary>
    private static bool SecurityChanged(SnapshotDiff diff) =>
        diff.Catalog.Any(c => c.Category is not (CatalogCategory.Index or CatalogCategory.Column));

    /// <summary>The (step, table) pairs the manifest lists as meant to change data; a step that names no migration is refused here.</summary>
    private static HashSet<(string? Step, string Table)> ExpectedChanges(SurvivalOptions options, MigrationSteps steps, IReadOnlyDictionary<MigrationStep, string> labels)
    {
        var expected = new HashSet<(string?, string)>();
        foreach (var change in options.ExpectedDataChanges)
        {
            try
            {
                expected.Add((change.Migration is null ? null : labels[MigrationStepSelector.Find(steps.Later, change.Migration)], change.Table));
            }
            catch (MigrationException e)
            {
                throw new SurvivalException($"survival.expectedDataChanges names migration '{change.Migration}', which is not a later migration: {e.Message}", e);
            }
        }

        return expected;
    }

    private static SourceFile? Locate(MigrationStep step, string? text, IReadOnlyList<string> keywords, IReadOnlyList<string> names) =>
        step.File is { } file && text is not null && StatementLocator.Find(text, keywords, [.. names]) is { } line ? new SourceFile(file, line) : null;

    private sealed record AppliedStep(string? FilteredError);
}
