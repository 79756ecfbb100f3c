using Harness.Catalog;
using Harness.Findings;
using Harness.Running;

namespace Harness.Scenarios.Audit;

/// <summary>
/// AUD019: a policy that passes in an OR branch reading a custom setting (<c>current_setting('app.bypass_rls')</c>,
/// <c>app.is_superadmin</c>...) other than the tenant context: any session can <c>set_config</c> such a setting, so it
/// is a switch that turns tenant isolation off. Settings are found as the RLS matrix finds its bypass switches
/// (<see cref="PolicySettings.SwitchesReadBy"/>), looking into the functions a policy calls in every schema; settings that
/// carry the caller's identity (<c>request.jwt.claims</c>, <c>request.jwt.claim.*</c>) and built-ins such as <c>role</c>
/// are no switch. RLS006 probes them.
/// </summary>
internal sealed class BypassSettingPolicyRule : IAuditRule
{
    public Rule Rule { get; } = new(
        "AUD019",
        "Policy widened by a setting the app can set",
        Severity.High,
        "Remove the setting from the policy: any session can set_config() a custom setting, so it is no authorisation; "
        + "ALTER POLICY <policy> ON <table> USING (<tenant_key> = nullif(current_setting('<context_setting>', true), '')::<key_type>); "
        + "give privileged jobs their own role (with BYPASSRLS if they must) instead.");

    public IEnumerable<CheckResult> Check(AuditInput input)
    {
        foreach (var table in input.TenantTables)
        {
            foreach (var policy in table.Policies)
            {
                yield return Check(input, table, policy);
            }
        }
    }

    private CheckResult Check(AuditInput input, TableInfo table, PolicyInfo policy)
    {
        var subject = AuditCheck.On(policy.Name, table.Name);
        var widened = new List<(string Clause, string Expression, IReadOnlyList<string> Settings)>();
        foreach (var (clause, expression) in new[] { ("USING", policy.Using), ("WITH CHECK", policy.WithCheck) })
        {
            if (expression is not null && WideningSettings(input, table, expression) is { Count: > 0 } settings)
            {
                widened.Add((clause, expression, settings));
            }
        }

        if (widened.Count == 0)
        {
            return AuditCheck.Pass(Rule, subject);
        }

        var settingsNamed = widened.SelectMany(w => w.Settings).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var clauses = string.Join(" and ", widened.Select(w => w.Clause));
        var effect = widened.Any(w => w.Clause == "USING")
            ? $"read{(policy.Command == "SELECT" ? "" : " and change")} every tenant's {table.Name} rows"
            : $"write {table.Name} rows into any tenant";
        return AuditCheck.Fail(
            Rule,
            subject,
            $"Policy {policy.Name} on {table.Name} ({policy.Command}) passes in an OR branch of its {clauses} that reads {string.Join(", ", settingsNamed)}, "
            + $"not the tenant context {input.Model.ContextSetting}: any session of the app role can set_config('{settingsNamed[0]}', ...) and {effect}.",
            string.Join("; ", widened.Select(w => $"{w.Clause} = {w.Expression} reads {string.Join(", ", w.Settings)}"))
            + $"; roles = {{{string.Join(",", policy.Roles)}}}, {(policy.Permissive ? "permissive" : "restrictive")}; tenant context setting {input.Model.ContextSetting}",
            AuditSql.Policies(input.Schema, table.Name));
    }

    /// <summary>The settings other than the tenant context that <paramref name="expression"/> reads and that lift its tenant pin when set.</summary>
    private static List<string> WideningSettings(AuditInput input, TableInfo table, string expression)
    {
        var functions = input.Catalog.CallableFunctions;
        return [.. PolicySettings.SwitchesReadBy([expression], functions, input.Model.ContextSetting)
            .Where(s => PolicyBranches.Widens(
                expression,
                leaf => SqlText.SettingsReadBy([leaf], functions).Contains(s, StringComparer.OrdinalIgnoreCase),
                leaf => input.Analyze(leaf, table.Name).Constrains))];
    }
}
