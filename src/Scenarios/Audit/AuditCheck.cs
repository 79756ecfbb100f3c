using Harness.Findings;
using Harness.Model;
using Harness.Running;

namespace Harness.Scenarios.Audit;

/// <summary>Builds the audit's check results: a subject passed, or a subject with one finding.</summary>
internal static class AuditCheck
{
    public static CheckResult Pass(Rule rule, string subject) => new(rule, subject, []);

    public static CheckResult Fail(Rule rule, string subject, string message, string evidence, string? reproduction = null) =>
        new(rule, subject, [new Finding(rule, CatalogAudit.ScenarioId, subject, message, evidence, reproduction)]);

    /// <summary>The subject of a policy, constraint or index: <c>name on table</c>, as PostgreSQL's own DDL names them.</summary>
    public static string On(string name, TableName table) => $"{name} on {table.Value}";
}
