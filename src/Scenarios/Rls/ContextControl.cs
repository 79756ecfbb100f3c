using Harness.Model;

namespace Harness.Scenarios.Rls;

/// <summary>
/// Tells a tenant context that does not work from findings. A context step that fails, or an own-tenant control (a
/// tenant's SELECT of its own rows) that fails the same way on every table, means the context does not fit what the
/// policies read (e.g. a bare id where they parse JSON claims: 22P02): every denial would then prove nothing, so the
/// matrix stops with the error instead of reporting findings. A control that fails on one table only leaves that
/// table's other-tenant checks not covered.
/// </summary>
internal static class ContextControl
{
    /// <summary>Throws <see cref="RlsMatrixException"/> when the context itself fails.</summary>
    public static void ThrowIfBroken(MatrixPlan plan, IReadOnlyList<ProbeOutcome> outcomes, TenancyModel model)
    {
        for (var i = 0; i < plan.Probes.Count; i++)
        {
            if (outcomes[i] is { FailedStep: { } step } failed)
            {
                throw new RlsMatrixException(
                    $"The tenant context fails: its step '{step.Step}' ({step.Script}) raised SQLSTATE {failed.SqlState}: {failed.Error} "
                    + $"(probe: {plan.Probes[i].Subject}). No probe can run in that context, so the matrix stops instead of reporting findings; "
                    + "check tenancy.context in the manifest.")
                {
                    SqlState = failed.SqlState,
                    AppRole = model.AppRole,
                };
            }
        }

        var controls = Controls(plan, outcomes).ToList();
        var tables = controls.Select(c => c.Probe.Target).Distinct(StringComparer.Ordinal).Count();
        var failures = controls.Where(c => c.Outcome.Failed).ToList();
        var states = failures.Select(c => c.Outcome.SqlState).Distinct(StringComparer.Ordinal).ToList();
        if (tables == 0 || failures.Count != controls.Count || states.Count != 1)
        {
            return;
        }

        var (probe, outcome) = failures[0];
        var hint = model.Context.IsBareSetting && outcome.SqlState == "22P02"
            ? $" The policies cannot read the bare id in {model.ContextSetting} (invalid input syntax): they may expect JSON claims "
              + "(for a Supabase or PostgREST app: context: { preset: supabase } with membership: { table, user })."
            : "";
        throw new RlsMatrixException(
            $"The tenant context fails: every tenant's SELECT of its own rows failed on all {tables} tables with SQLSTATE {outcome.SqlState}: {outcome.Error}. "
            + $"The context (tenancy.context: {model.Context.Describe()}) does not fit what the policies read, so every denial would prove nothing and the "
            + $"matrix stops instead of reporting findings.{hint} Check tenancy.context in the manifest. "
            + $"E.g.: {string.Concat(probe.Setup.Select(s => s.Script + " "))}{probe.Sql};")
        {
            SqlState = outcome.SqlState,
            AppRole = model.AppRole,
        };
    }

    /// <summary>
    /// Tables whose own-tenant control failed with an error, and why: their other-tenant denials cannot be told from the
    /// same error, so those checks are not covered unless they found something.
    /// </summary>
    public static IReadOnlyDictionary<string, string> FailedTables(MatrixPlan plan, IReadOnlyList<ProbeOutcome> outcomes)
    {
        var failed = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (probe, outcome) in Controls(plan, outcomes).Where(c => c.Outcome.Failed))
        {
            failed.TryAdd(probe.Target,
                $"the own-tenant control on {probe.Target} failed (SQLSTATE {outcome.SqlState}: {outcome.Error}), so a denial of another tenant's rows there proves nothing");
        }

        return failed;
    }

    private static IEnumerable<(Probe Probe, ProbeOutcome Outcome)> Controls(MatrixPlan plan, IReadOnlyList<ProbeOutcome> outcomes) =>
        plan.Probes.Select((p, i) => (p, outcomes[i])).Where(c => c.p.Expect == Expectation.ExactlyOwnRows);
}
