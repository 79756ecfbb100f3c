using Harness.Catalog;
using Harness.Errors;
using Harness.Findings;
using Harness.Model;
using Harness.Running;
using Harness.Scenarios.Rls;
using Npgsql;

namespace Harness.Scenarios.Survival;

/// <summary>
/// The behavioural baseline of migration survival: the RLS matrix run on the first few seeded tenants only (every pair of
/// them), at the baseline and again after each step that changed security. A probe group that passed at the baseline and
/// fails after a step is a policy the step weakened (MIG004), judged by what the app role could do, not by policy text.
/// </summary>
internal sealed record QuickMatrix(IReadOnlySet<string> Passed, IReadOnlyList<Finding> Findings, string? NotCovered)
{
    public static async Task<QuickMatrix> RunAsync(ScenarioContext context, MigrationSteps steps, int tenants, CancellationToken cancellationToken)
    {
        var ledger = context.Ledger!;
        try
        {
            var catalog = await ReadCatalogAsync(context, steps, cancellationToken);
            var model = TenancyModelResolver.Resolve(steps.Manifest, catalog);
            var quick = context with
            {
                Model = model,
                Catalog = catalog,
                Ledger = ledger with { Tenants = [.. ledger.Tenants.Take(tenants)] },
                Progress = null,
                Options = null,
            };
            var result = await new RlsMatrix().RunAsync(quick, cancellationToken);
            return new QuickMatrix(
                result.Checks.Where(c => c.Passed).Select(c => c.Subject).ToHashSet(StringComparer.Ordinal),
                [.. result.Findings],
                null);
        }
        catch (Exception e) when (e is HarnessException or NpgsqlException)
        {
            return new QuickMatrix(new HashSet<string>(), [], e.Message);
        }
    }

    /// <summary>
    /// The findings of this run on probe groups that passed at the baseline and in <paramref name="previous"/> (the last run
    /// before this step, when it ran), so a regression is reported once, against the step that made it.
    /// </summary>
    public IReadOnlyList<Finding> RegressedSince(QuickMatrix baseline, QuickMatrix? previous) =>
        [.. Findings.Where(f => baseline.Passed.Contains(f.Subject) && (previous is not { NotCovered: null } || previous.Passed.Contains(f.Subject)))
            .GroupBy(f => f.Subject, StringComparer.Ordinal).Select(g => g.First())];

    private static async Task<CatalogSnapshot> ReadCatalogAsync(ScenarioContext context, MigrationSteps steps, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(context.AdminConnectionString);
        await connection.OpenAsync(cancellationToken);
        return await CatalogReader.ReadAsync(connection, context.Schema, steps.Manifest.StatementRole, cancellationToken);
    }
}
