using System.Diagnostics;
using Harness.Catalog;
using Harness.Findings;
using Harness.Model;
using Harness.Running;

namespace Harness.Scenarios.Audit;

/// <summary>
/// The static catalog audit: applies every <see cref="AuditRules"/> rule to the schema's catalog snapshot and the
/// tenancy model. Read-only and safe on any database: it works from <see cref="ScenarioContext.Catalog"/> alone
/// and opens no connection.
/// </summary>
public sealed class CatalogAudit : IScenario
{
    public const string ScenarioId = "audit";

    public string Id => ScenarioId;

    public IReadOnlyList<Rule> Rules { get; } = [.. AuditRules.All.Select(r => r.Rule)];

    /// <summary>Only the catalog: read-only, safe on any database, and it may share a worker.</summary>
    public ScenarioNeeds Needs => ScenarioNeeds.None;

    public Task<ScenarioResult> RunAsync(ScenarioContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        return Task.FromResult(Run(context.Model, context.Catalog, context.Progress, cancellationToken));
    }

    /// <summary>Runs the audit on a catalog snapshot read for <paramref name="model"/>'s app role.</summary>
    public static ScenarioResult Run(
        TenancyModel model, CatalogSnapshot catalog, IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(catalog);
        if (catalog.AppRole is { } role && !string.Equals(role.Name, model.StatementRole, StringComparison.Ordinal))
        {
            throw new ArgumentException(
                $"The catalog of schema '{catalog.Schema}' was read for role '{role.Name}' but the model's statements run as '{model.StatementRole}'; "
                + "read it with CatalogReader.ReadAsync(connection, schema, model.StatementRole).",
                nameof(catalog));
        }

        var stopwatch = Stopwatch.StartNew();
        var input = new AuditInput(model, catalog);
        var checks = new List<CheckResult>();
        foreach (var rule in AuditRules.All)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var ruleChecks = rule.Check(input).ToList();
            checks.AddRange(ruleChecks);
            progress?.Report(
                $"audit {rule.Rule.Id} {rule.Rule.Title}: {ruleChecks.Count} checked, {ruleChecks.Count(c => !c.Passed)} failed");
        }

        return new ScenarioResult(ScenarioId, checks, stopwatch.Elapsed);
    }
}
