using Harness.Catalog;
using Harness.Findings;
using Harness.Running;

namespace Harness.Scenarios.Audit;

/// <summary>
/// AUD023 (info): a permissive policy whose tenant scoping the text analysis cannot decide, because a function it calls
/// builds SQL at run time, is written in a language other than sql/plpgsql, has no readable body, or nests too deep.
/// AUD005/AUD006 do not guess on it; the RLS matrix, which runs the policy as two tenants, decides it.
/// </summary>
internal sealed class PolicyLeftToMatrixRule : IAuditRule
{
    public Rule Rule { get; } = new(
        "AUD023",
        "Policy decided by the matrix",
        Severity.Info,
        "Nothing to fix from this finding alone: run the RLS matrix (harness run), which probes the policy as two tenants; "
        + "to let the audit read it, keep the functions a policy calls in LANGUAGE sql or plpgsql without EXECUTE.");

    public IEnumerable<CheckResult> Check(AuditInput input)
    {
        foreach (var table in input.TenantTables)
        {
            foreach (var policy in table.Policies.Where(p => p.Permissive))
            {
                yield return Check(input, table, policy);
            }
        }
    }

    private CheckResult Check(AuditInput input, TableInfo table, PolicyInfo policy)
    {
        var subject = AuditCheck.On(policy.Name, table.Name);
        var undecided = new[] { ("USING", policy.Using), ("WITH CHECK", policy.WithCheck) }
            .Where(c => c.Item2 is not null)
            .Select(c => (Clause: c.Item1, Expression: c.Item2!, Reference: input.Analyze(c.Item2, table.Name)))
            .Where(c => c.Reference.LeftToMatrix)
            .ToList();
        if (undecided.Count == 0)
        {
            return AuditCheck.Pass(Rule, subject);
        }

        var why = undecided[0].Reference.Undecided;
        return AuditCheck.Fail(
            Rule,
            subject,
            $"Policy {policy.Name} on {table.Name} ({policy.Command}) is decided by the matrix: the audit cannot tell from its text "
            + $"whether its {string.Join(" and ", undecided.Select(u => u.Clause))} ties rows to the caller's tenant, because {why}.",
            string.Join("; ", undecided.Select(u => $"{u.Clause} = {u.Expression}"
                + (u.Reference.ViaFunctions.Count > 0 ? $" (calls {string.Join(", ", u.Reference.ViaFunctions)})" : "")))
            + $"; tenant column {input.TenantColumnOf(table.Name)}, context setting {input.Model.ContextSetting}",
            AuditSql.Policies(input.Schema, table.Name));
    }
}
