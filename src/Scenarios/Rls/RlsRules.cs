using Harness.Findings;

namespace Harness.Scenarios.Rls;

/// <summary>The RLS allow/deny matrix's rules: one per kind of context a probe runs in and what it must not do there.</summary>
public static class RlsRules
{
    public static Rule CrossTenantRead { get; } = new(
        "RLS001",
        "Cross-tenant read",
        Severity.Critical,
        "Make every SELECT policy on the table compare the tenant column with the context setting and enable and force RLS: "
        + "ALTER TABLE <table> ENABLE ROW LEVEL SECURITY; ALTER TABLE <table> FORCE ROW LEVEL SECURITY; "
        + "ALTER POLICY <policy> ON <table> USING (<tenant_key> = nullif(current_setting('<context_setting>', true), '')::<key_type>);");

    public static Rule CrossTenantWrite { get; } = new(
        "RLS002",
        "Cross-tenant update or delete",
        Severity.Critical,
        "Pin UPDATE and DELETE to the current tenant in USING and pin new rows in WITH CHECK, so a row can neither be changed nor moved across tenants: "
        + "ALTER POLICY <policy> ON <table> USING (<tenant_key> = nullif(current_setting('<context_setting>', true), '')::<key_type>) "
        + "WITH CHECK (<tenant_key> = nullif(current_setting('<context_setting>', true), '')::<key_type>);");

    public static Rule CrossTenantInsert { get; } = new(
        "RLS003",
        "Cross-tenant insert",
        Severity.Critical,
        "Give every policy that admits INSERT a WITH CHECK that pins the tenant key to the context setting: "
        + "ALTER POLICY <policy> ON <table> WITH CHECK (<tenant_key> = nullif(current_setting('<context_setting>', true), '')::<key_type>);");

    public static Rule FailOpenWithoutContext { get; } = new(
        "RLS004",
        "Fail-open without tenant context",
        Severity.High,
        "A missing or empty context must match no row: compare with nullif(current_setting('<context_setting>', true), '')::<key_type> "
        + "and drop OR ... IS NULL / coalesce(..., true) fallbacks from the policy; ALTER POLICY <policy> ON <table> USING (...) WITH CHECK (...);");

    public static Rule UnknownTenantNotDenied { get; } = new(
        "RLS005",
        "Unknown tenant sees or changes rows",
        Severity.High,
        "A context naming no tenant must match no row: the policy must compare the row's tenant key with the context, "
        + "not merely test that a context is set; ALTER POLICY <policy> ON <table> USING (<tenant_key> = nullif(current_setting('<context_setting>', true), '')::<key_type>);");

    public static Rule BypassSetting { get; } = new(
        "RLS006",
        "Session setting bypasses tenant isolation",
        Severity.Critical,
        "Remove the setting from the policy: any session can set_config() a custom setting, so it is no authorisation; "
        + "give privileged jobs their own role (with BYPASSRLS if they must) instead; ALTER POLICY <policy> ON <table> USING (...);");

    public static Rule FunctionLeak { get; } = new(
        "RLS007",
        "Function returns another tenant's data",
        Severity.Critical,
        "Run the function with the caller's rights (ALTER FUNCTION <function> SECURITY INVOKER;) or filter every tenant table in it by "
        + "<tenant_key> = nullif(current_setting('<context_setting>', true), '')::<key_type>; REVOKE EXECUTE from the app role if it must not call it.");

    public static Rule OwnTenantDenied { get; } = new(
        "RLS008",
        "Own tenant's access denied",
        Severity.Medium,
        "Give the table a policy that admits the current tenant's own rows for the command (and the grant): "
        + "CREATE POLICY tenant_isolation ON <table> USING (<tenant_key> = nullif(current_setting('<context_setting>', true), '')::<key_type>) "
        + "WITH CHECK (<tenant_key> = nullif(current_setting('<context_setting>', true), '')::<key_type>);");

    /// <summary>Every rule, in id order.</summary>
    public static IReadOnlyList<Rule> All { get; } =
    [
        CrossTenantRead, CrossTenantWrite, CrossTenantInsert, FailOpenWithoutContext,
        UnknownTenantNotDenied, BypassSetting, FunctionLeak, OwnTenantDenied,
    ];
}
